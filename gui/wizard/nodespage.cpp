#include "gui/wizard/nodespage.h"

#include "backend/client/adminclient.h"
#include "gui/console/cluster.h"
#include "gui/console/connectdialog.h"
#include "gui/widgets/keychainstore.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Wizard {

NodesPage::NodesPage(Console::Cluster *cluster, bool shared, Widgets::KeychainStore *keychain,
                     QWidget *parent)
    : QWizardPage(parent), m_cluster(cluster), m_shared(shared), m_keychain(keychain)
{
    setObjectName(QStringLiteral("nodesPage"));
    setTitle(tr("Nodes and resource name"));
    setSubTitle(tr("The two servers that are to become an HA pair, the primary first."));
    auto *layout = new QVBoxLayout(this);
    auto *nothing = new QLabel(
        tr("<b>Nothing is changed on any node unless you confirm it.</b> The setup wizard checks as "
           "tl-ha-setup does: each node tells over its admin API how it resolves the names, which "
           "HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration "
           "both nodes must share. Every finding names the exact fix; where the wizard can make it "
           "itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists "
           "every "
           "change and asks first."),
        this);
    nothing->setObjectName(QStringLiteral("nothingChanged"));
    nothing->setWordWrap(true);
    layout->addWidget(nothing);
    layout->addLayout(makeForm());
    m_connect = new QPushButton(tr("Connect"), this);
    m_connect->setObjectName(QStringLiteral("connect"));
    m_connect->setVisible(!m_shared);
    connect(m_connect, &QPushButton::clicked, this, &NodesPage::connectNodes);
    layout->addWidget(m_connect, 0, Qt::AlignLeft);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("nodeStates"));
    m_state->setWordWrap(true);
    layout->addWidget(m_state);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    layout->addWidget(m_problem);
    layout->addStretch(1);
    if (m_shared) {
        for (QLineEdit *e : { m_node[0], m_node[1], m_resource })
            e->setReadOnly(true);
        // The console's nodes, also when it connects to others while the wizard is open.
        auto follow = [this]() {
            QStringList addresses;
            for (Console::NodeConnection *n : m_cluster->nodes())
                addresses.append(n->address());
            setNodes(addresses, m_cluster->resource());
        };
        connect(m_cluster, &Console::Cluster::nodesChanged, this, follow);
        follow();
    }
    connect(m_cluster, &Console::Cluster::stateChanged, this, &NodesPage::updateState);
    connect(m_cluster, &Console::Cluster::nodesChanged, this, &NodesPage::updateState);
    connect(m_cluster, &Console::Cluster::finished, this, &NodesPage::keepPassword);
    updateState();
}

// The nodes, the resource name, HA/nodes and (unless it shares the console's login) the password.
QFormLayout *NodesPage::makeForm()
{
    auto *form = new QFormLayout;
    for (int i = 0; i < 2; ++i) {
        m_node[i] = new QLineEdit(this);
        m_node[i]->setObjectName(QStringLiteral("node%1").arg(i + 1));
        connect(m_node[i], &QLineEdit::editingFinished, this, &NodesPage::loadPassword);
        connect(m_node[i], &QLineEdit::textChanged, this, &NodesPage::completeChanged);
    }
    m_node[0]->setPlaceholderText(tr("host or host:port (admin port 9002)"));
    m_node[1]->setPlaceholderText(tr("the other node"));
    m_resource = new QLineEdit(QStringLiteral("tlha"), this);
    m_resource->setObjectName(QStringLiteral("resource"));
    m_haNodes = new QLineEdit(this);
    m_haNodes->setObjectName(QStringLiteral("haNodes"));
    m_haNodes->setPlaceholderText(tr("default: the two nodes' host names"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember = new QCheckBox(tr("Keep the password in the desktop keychain"), this);
    m_remember->setChecked(m_keychain->available());
    m_remember->setEnabled(m_keychain->available());
    connect(m_keychain, &Widgets::KeychainStore::availabilityChanged, this, [this](bool available) {
        m_remember->setEnabled(available);
        if (!available)
            m_remember->setChecked(false);
    });
    form->addRow(tr("Primary:"), m_node[0]);
    form->addRow(tr("Secondary:"), m_node[1]);
    form->addRow(tr("Resource name:"), m_resource);
    form->addRow(tr("HA/nodes:"), m_haNodes);
    if (!m_shared) {
        form->addRow(tr("Admin password:"), m_password);
        form->addRow(QString(), m_remember);
    } else {
        m_password->hide();
        m_remember->hide();
    }
    return form;
}

// Once a node accepted the password, it goes to the keychain if asked (as the console does).
void NodesPage::keepPassword()
{
    if (!m_storePassword || !m_cluster->firstReady())
        return;
    m_storePassword = false; // kept once a node accepted it, not before
    m_keychain->write(Console::ConnectDialog::keychainKey(nodes()), m_password->text(), this,
                      [this](Widgets::KeychainStore::Result result, const QString &error) {
                          if (result != Widgets::KeychainStore::Result::Ok)
                              m_problem->setText(
                                  tr("The password was not stored in the keychain: %1").arg(error));
                      });
}

void NodesPage::setNodes(const QStringList &nodes, const QString &resource)
{
    m_node[0]->setText(nodes.value(0));
    m_node[1]->setText(nodes.value(1));
    if (!resource.isEmpty())
        m_resource->setText(resource);
    loadPassword();
}

void NodesPage::setHaNodes(const QString &haNodes)
{
    m_haNodes->setText(haNodes);
}

void NodesPage::setPassword(const QString &password)
{
    m_password->setText(password);
}

QStringList NodesPage::nodes() const
{
    return { m_node[0]->text().trimmed(), m_node[1]->text().trimmed() };
}

void NodesPage::loadPassword()
{
    const QStringList n = nodes();
    if (m_shared || n.contains(QString()) || !m_keychain->available() || !m_password->text().isEmpty())
        return;
    m_keychain->read(Console::ConnectDialog::keychainKey(n), this,
                     [this](Widgets::KeychainStore::Result result, const QString &secret, const QString &) {
                         if (result == Widgets::KeychainStore::Result::Ok && m_password->text().isEmpty())
                             m_password->setText(secret);
                     });
}

std::optional<Setup::Plan> NodesPage::plan(QString *error) const
{
    const QStringList n = nodes();
    if (n.contains(QString())) {
        *error = tr("Give both nodes, the primary first.");
        return std::nullopt;
    }
    QString hosts[2];
    for (int i = 0; i < 2; ++i) {
        quint16 port = 0;
        QString why;
        if (!Client::AdminClient::parseNode(n[i], &hosts[i], &port, &why)) {
            *error = tr("%1: %2").arg(n[i], why);
            return std::nullopt;
        }
    }
    if (hosts[0] == hosts[1]) {
        *error = tr("The two nodes are the same host '%1': give each node by its own name.").arg(hosts[0]);
        return std::nullopt;
    }
    Setup::Plan plan;
    plan.primary = hosts[0];
    plan.secondary = hosts[1];
    plan.resource = m_resource->text().trimmed();
    if (plan.resource.isEmpty() || plan.resource.contains(QLatin1Char(' '))) {
        *error = tr("Resource name: give one host name (got '%1').").arg(m_resource->text());
        return std::nullopt;
    }
    const QString ha = m_haNodes->text().trimmed();
    plan.haNodes = ha.isEmpty() ? QStringList { plan.primary, plan.secondary }
                                : ha.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (plan.haNodes.size() != 2) {
        *error = tr("HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1').").arg(ha);
        return std::nullopt;
    }
    if (plan.query().names.size() > Protocol::AdminNodeFactsQuery::MaxNames) {
        *error = tr("Too many names to check.");
        return std::nullopt;
    }
    return plan;
}

void NodesPage::connectNodes()
{
    QString error;
    if (!plan(&error)) {
        m_problem->setText(error);
        return;
    }
    m_problem->clear();
    Console::ConnectDialog::remember(nodes(), m_resource->text().trimmed());
    m_storePassword = m_remember->isChecked() && m_keychain->available();
    m_cluster->connectTo(nodes(), m_resource->text().trimmed(), m_password->text().toUtf8());
}

QString NodesPage::problem() const
{
    return m_problem->text();
}

void NodesPage::updateState()
{
    QStringList lines;
    for (Console::NodeConnection *n : m_cluster->nodes())
        lines.append(tr("%1: %2").arg(n->address(), n->stateText()));
    m_state->setText(lines.isEmpty() ? tr("Not connected.") : lines.join(QLatin1Char('\n')));
    if (m_shared)
        m_problem->setText(isComplete()
                               ? QString()
                               : tr("The wizard checks the console's two nodes: connect the console to "
                                    "both (Cluster → Connect…) and wait until both are connected."));
    emit completeChanged();
}

bool NodesPage::isComplete() const
{
    const QList<Console::NodeConnection *> n = m_cluster->nodes();
    if (n.size() != 2 || !n[0]->isReady() || !n[1]->isReady())
        return false;
    // The fields must still name the nodes that are connected.
    return n[0]->address() == m_node[0]->text().trimmed() && n[1]->address() == m_node[1]->text().trimmed();
}

bool NodesPage::validatePage()
{
    QString error;
    if (!plan(&error)) {
        m_problem->setText(error);
        return false;
    }
    m_problem->clear();
    return true;
}

} // namespace Wizard
