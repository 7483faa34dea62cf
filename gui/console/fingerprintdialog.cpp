#include "gui/console/fingerprintdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Console {

FingerprintDialog::FingerprintDialog(const QString &node, const QString &fingerprint,
                                     Client::KnownNodes::Status status, const QString &pinned,
                                     QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("fingerprintDialog"));
    const bool changed = status == Client::KnownNodes::Status::Changed;
    setWindowTitle(changed ? tr("Certificate changed") : tr("New node certificate"));
    auto *layout = new QVBoxLayout(this);
    auto *text = new QLabel(this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (changed) {
        text->setText(tr("WARNING: the admin certificate of %1 has CHANGED since it was pinned.\n\n"
                         "Pinned:\n%2\n\nPresented now:\n%3\n\n"
                         "Someone may be intercepting the connection. Accept only if the node was "
                         "reinstalled on purpose and the new fingerprint matches what the node shows.")
                          .arg(node, pinned, fingerprint));
        text->setStyleSheet(QStringLiteral("color: #b00020;"));
    } else {
        text->setText(tr("This is the first connection to %1.\n\nIts admin certificate has the SHA-256 "
                         "fingerprint:\n%2\n\nCompare it with the fingerprint the node logs at start (or "
                         "shows in `tlctl --node … status`). If it matches, trust it: it will be pinned.")
                          .arg(node, fingerprint));
    }
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(this);
    m_trust = buttons->addButton(changed ? tr("Accept the new certificate") : tr("Trust and connect"),
                                 QDialogButtonBox::AcceptRole);
    m_refuse = buttons->addButton(tr("Refuse"), QDialogButtonBox::RejectRole);
    m_trust->setObjectName(QStringLiteral("trustButton"));
    m_refuse->setObjectName(QStringLiteral("refuseButton"));
    m_trust->setAutoDefault(false);
    (changed ? m_refuse : m_trust)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace Console
