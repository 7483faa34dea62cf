#include "shared/vnc/des.h"
#include "shared/vnc/passwordfile.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

class TestVncDes : public QObject {
    Q_OBJECT

private slots:
    void standardVectors_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("cipher");
        // FIPS 46 / well-known textbook vectors.
        QTest::newRow("textbook") << QByteArray::fromHex("133457799BBCDFF1")
                                  << QByteArray::fromHex("0123456789ABCDEF")
                                  << QByteArray::fromHex("85E813540F0AB405");
        QTest::newRow("zeros") << QByteArray::fromHex("0000000000000000")
                               << QByteArray::fromHex("0000000000000000")
                               << QByteArray::fromHex("8CA64DE9C1B123A7");
        QTest::newRow("ones") << QByteArray::fromHex("FFFFFFFFFFFFFFFF")
                              << QByteArray::fromHex("FFFFFFFFFFFFFFFF")
                              << QByteArray::fromHex("7359B2163E4EDC58");
        QTest::newRow("nowis") << QByteArray::fromHex("0123456789ABCDEF") << QByteArray("Now is t")
                               << QByteArray::fromHex("3FA40E8A984D4815");
    }

    void standardVectors()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, cipher);
        const Vnc::Des des(key, Vnc::Des::KeyOrder::Standard);
        QCOMPARE(des.encrypt(plain).toHex(), cipher.toHex());
        QCOMPARE(des.decrypt(cipher).toHex(), plain.toHex());
    }

    void vncKeyIsBitReversed()
    {
        // Reversing every key byte by hand and using the standard order gives the same result.
        const QByteArray key = QByteArray::fromHex("133457799BBCDFF1");
        QByteArray reversed = key;
        for (char &c : reversed) {
            unsigned char b = static_cast<unsigned char>(c), r = 0;
            for (int i = 0; i < 8; ++i)
                r = static_cast<unsigned char>((r << 1) | ((b >> i) & 1));
            c = static_cast<char>(r);
        }
        const QByteArray plain = QByteArray::fromHex("0123456789ABCDEF");
        QCOMPARE(Vnc::Des(key).encrypt(plain),
                 Vnc::Des(reversed, Vnc::Des::KeyOrder::Standard).encrypt(plain));
        QVERIFY(Vnc::Des(key).encrypt(plain) != Vnc::Des(key, Vnc::Des::KeyOrder::Standard).encrypt(plain));
    }

    void rejectsPartialBlocks()
    {
        QVERIFY(Vnc::Des("k").encrypt("1234567").isEmpty());
        QCOMPARE(Vnc::Des("k").encrypt("1234567812345678").size(), 16);
    }

    void obfuscationVectors_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QByteArray>("obfuscated");
        // Produced by TigerVNC 1.12's `vncpasswd -f`.
        QTest::newRow("password") << QByteArray("password") << QByteArray::fromHex("dbd83cfd727a1458");
        QTest::newRow("secret12") << QByteArray("secret12") << QByteArray::fromHex("24b5ae4ce15503c6");
        QTest::newRow("abc") << QByteArray("abc") << QByteArray::fromHex("9c0a172d3482e122");
    }

    void obfuscationVectors()
    {
        QFETCH(QByteArray, password);
        QFETCH(QByteArray, obfuscated);
        QCOMPARE(Vnc::PasswordFile::obfuscate(password).toHex(), obfuscated.toHex());
        QCOMPARE(Vnc::PasswordFile::deobfuscate(obfuscated), password);
    }

    void tigervncOracle()
    {
        const QString vncpasswd = QStandardPaths::findExecutable(QStringLiteral("vncpasswd"));
        if (vncpasswd.isEmpty())
            QSKIP("needs TigerVNC's vncpasswd (Debian package tigervnc-tools)");
        const QList<QByteArray> passwords = { "x", "Passw0rd", "12345678", "zyxwvuts", "a b c d" };
        for (const QByteArray &password : passwords) {
            QProcess p;
            p.start(vncpasswd, { QStringLiteral("-f") });
            QVERIFY(p.waitForStarted());
            p.write(password + '\n');
            p.closeWriteChannel();
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitCode(), 0);
            QCOMPARE(Vnc::PasswordFile::obfuscate(password).toHex(), p.readAllStandardOutput().toHex());
        }
    }

    void authResponse()
    {
        // The answer is DES of the challenge, two blocks, with the password as VNC key.
        const QByteArray challenge = QByteArray::fromHex("00112233445566778899aabbccddeeff");
        const QByteArray answer = Vnc::vncAuthResponse("password", challenge);
        QCOMPARE(answer.size(), 16);
        QCOMPARE(Vnc::Des("password").decrypt(answer), challenge);
        // Only the first 8 bytes of the password count.
        QCOMPARE(Vnc::vncAuthResponse("passwordXYZ", challenge), answer);
        QVERIFY(Vnc::vncAuthResponse("passwore", challenge) != answer);
    }
};

QTEST_GUILESS_MAIN(TestVncDes)
#include "tst_vncdes.moc"
