#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <array>

namespace Vnc {

// DES in ECB mode, one 8-byte block at a time, as VNC uses it: the bits of every key byte are
// reversed before the standard key schedule (VNC's d3des took its key bits least significant
// first). That variant serves both the VNC authentication answer and the fixed-key obfuscation
// of vncpasswd files.
class Des final {
public:
    enum class KeyOrder { Vnc, Standard };

    // key: up to 8 bytes; a shorter key is padded with zero bytes, a longer one cut to 8.
    explicit Des(QByteArrayView key, KeyOrder order = KeyOrder::Vnc);

    // Encrypts or decrypts data block by block. data.size() must be a multiple of 8; otherwise
    // an empty array is returned.
    QByteArray encrypt(QByteArrayView data) const;
    QByteArray decrypt(QByteArrayView data) const;

    quint64 encryptBlock(quint64 block) const;
    quint64 decryptBlock(quint64 block) const;

private:
    QByteArray crypt(QByteArrayView data, bool decrypt) const;
    quint64 process(quint64 block, bool decrypt) const;

    std::array<quint64, 16> m_subkeys {};
};

// The 16-byte answer to a VNC authentication challenge for password (first 8 bytes used).
QByteArray vncAuthResponse(QByteArrayView password, QByteArrayView challenge);

} // namespace Vnc
