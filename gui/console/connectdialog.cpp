#include "gui/console/connectdialog.h"

#include "gui/widgets/keychainstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Console {

ConnectDialog::ConnectDialog(Widgets::KeychainStore *keychain, QWidget *parent)
    : QDialog(parent), m_keychain(keychain)
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to a cluster"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_recent = new QComboBox(this);
    m_recent->addItem(tr("(new cluster)"));
    for (const QString &r : recent())
        m_recent->addItem(r.split(QLatin1Char('|')).mid(0, 2).join(QStringLiteral(" + ")), r);
    m_node1 = new QLineEdit(this);
    m_node2 = new QLineEdit(this);
    m_resource = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_node1->setObjectName(QStringLiteral("node1"));
    m_node2->setObjectName(QStringLiteral("node2"));
    m_resource->setObjectName(QStringLiteral("resource"));
    m_password->setObjectName(QStringLiteral("password"));
    m_node1->setPlaceholderText(tr("host or host:port (admin port 9002)"));
    m_node2->setPlaceholderText(tr("the other node (empty for a lone server)"));
    m_resource->setPlaceholderText(tr("the resource name the HA engine moves"));
    m_remember = new QCheckBox(tr("Keep the password in the desktop keychain"), this);
    m_remember->setChecked(true);
    m_keychainNote = new QLabel(this);
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    form->addRow(tr("Recent:"), m_recent);
    form->addRow(tr("Node 1:"), m_node1);
    form->addRow(tr("Node 2:"), m_node2);
    form->addRow(tr("Resource name:"), m_resource);
    form->addRow(tr("Admin password:"), m_password);
    form->addRow(QString(), m_remember);
    layout->addLayout(form);
    layout->addWidget(m_keychainNote);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_recent, &QComboBox::activated, this, &ConnectDialog::onRecentChosen);
    connect(m_keychain, &Widgets::KeychainStore::availabilityChanged, this,
            &ConnectDialog::updateKeychainNote);
    updateKeychainNote();
    if (m_recent->count() > 1) {
        m_recent->setCurrentIndex(1);
        onRecentChosen(1);
    }
    focusFirstEmpty();
}

void ConnectDialog::focusFirstEmpty()
{
    const bool clusterKnown = !m_node1->text().trimmed().isEmpty() && !m_resource->text().trimmed().isEmpty();
    for (QLineEdit *field : { m_node1, m_node2, m_resource, m_password }) {
        if (field == m_node2 && clusterKnown)
            continue; // a lone server: node 2 stays empty
        if (field->text().trimmed().isEmpty()) {
            field->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    m_password->setFocus(Qt::OtherFocusReason);
}

QString ConnectDialog::keychainNote() const
{
    return m_keychainNote->isHidden() ? QString() : m_keychainNote->text();
}

void ConnectDialog::updateKeychainNote()
{
    const bool available = m_keychain->available();
    m_remember->setEnabled(available);
    if (!available)
        m_remember->setChecked(false);
    m_keychainNote->setText(available ? QString()
                                      : tr("No keychain service is available: the password is asked each "
                                           "time and is not stored anywhere."));
    m_keychainNote->setVisible(!available);
}

void ConnectDialog::onRecentChosen(int index)
{
    const QStringList parts = m_recent->itemData(index).toString().split(QLatin1Char('|'));
    if (parts.size() != 3)
        return;
    setCluster(parts.mid(0, 2), parts[2]);
    loadPassword();
}

void ConnectDialog::loadPassword()
{
    if (!m_keychain->available())
        return;
    m_keychain->read(
        keychainKey(nodes()), this,
        [this](Widgets::KeychainStore::Result result, const QString &secret, const QString &error) {
            if (result == Widgets::KeychainStore::Result::Ok && m_password->text().isEmpty())
                m_password->setText(secret);
            if (result == Widgets::KeychainStore::Result::Cancelled
                || result == Widgets::KeychainStore::Result::Failed) {
                // Asked instead: the dialog says why the field is empty.
                m_keychainNote->setText(tr("The password was not read from the keychain: %1. "
                                           "Enter it here.")
                                            .arg(error));
                m_keychainNote->setVisible(true);
                m_password->setFocus(Qt::OtherFocusReason);
            }
        });
}

QStringList ConnectDialog::nodes() const
{
    QStringList n;
    for (const QLineEdit *e : { m_node1, m_node2 }) {
        if (!e->text().trimmed().isEmpty())
            n.append(e->text().trimmed());
    }
    return n;
}

QString ConnectDialog::resource() const
{
    return m_resource->text().trimmed();
}

QByteArray ConnectDialog::password() const
{
    return m_password->text().toUtf8();
}

bool ConnectDialog::rememberPassword() const
{
    return m_remember->isChecked() && m_keychain->available();
}

void ConnectDialog::setCluster(const QStringList &nodes, const QString &resource)
{
    m_node1->setText(nodes.value(0));
    m_node2->setText(nodes.value(1));
    m_resource->setText(resource);
}

void ConnectDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

QString ConnectDialog::keychainKey(const QStringList &nodes)
{
    return QStringLiteral("openvsm-admin:") + nodes.join(QLatin1Char(','));
}

void ConnectDialog::remember(const QStringList &nodes, const QString &resource)
{
    QSettings settings;
    QStringList list = settings.value(QStringLiteral("recentClusters")).toStringList();
    const QString entry = QStringList { nodes.value(0), nodes.value(1), resource }.join(QLatin1Char('|'));
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > 8)
        list.removeLast();
    settings.setValue(QStringLiteral("recentClusters"), list);
}

QStringList ConnectDialog::recent()
{
    return QSettings().value(QStringLiteral("recentClusters")).toStringList();
}

} // namespace Console
