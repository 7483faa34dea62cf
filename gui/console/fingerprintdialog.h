#pragma once

#include "backend/client/knownnodes.h"

#include <QDialog>

class QPushButton;

namespace Console {

// Asks whether to trust a node's admin certificate, as ssh does for host keys: a new one is
// shown to be compared with `tlctl --node … status` on the node; a CHANGED one is a warning and
// the default answer is to refuse.
class FingerprintDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FingerprintDialog)

public:
    FingerprintDialog(const QString &node, const QString &fingerprint, Client::KnownNodes::Status status,
                      const QString &pinned, QWidget *parent = nullptr);

    QPushButton *trustButton() const { return m_trust; }
    QPushButton *refuseButton() const { return m_refuse; }

private:
    QPushButton *m_trust;
    QPushButton *m_refuse;
};

} // namespace Console
