#include "gui/console/agentspage.h"

#include "gui/console/cluster.h"
#include "gui/console/serverreason.h"

#include <QHeaderView>
#include <QHostInfo>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Console {

namespace {

QTableWidgetItem *item(const QString &text)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

} // namespace

AgentsPage::AgentsPage(Cluster *cluster, QWidget *parent) : QWidget(parent), m_cluster(cluster)
{
    setObjectName(QStringLiteral("agentsPage"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setHorizontalHeaderLabels({ tr("Agent"), tr("Reachable"), tr("Sessions"), tr("CPU"),
                                         tr("Memory"), tr("allowed_clients"), tr("master_hostname"),
                                         tr("Check"), QString() });
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Check, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    connect(m_cluster, &Cluster::nodesChanged, this, [this]() {
        m_configs.clear();
        m_configErrors.clear();
        m_reachable.clear();
        m_table->setRowCount(0);
        for (NodeConnection *n : m_cluster->nodes()) {
            connect(n, &NodeConnection::agentsChanged, this, &AgentsPage::rebuild);
            connect(n, &NodeConnection::agentConfigChanged, this, [this](const QString &agent) {
                if (rowOf(agent) >= 0)
                    loadConfig(agent);
            });
        }
    });
    connect(m_cluster, &Cluster::stateChanged, this, &AgentsPage::rebuild);
}

QStringList AgentsPage::problems() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString agent = m_table->item(r, Agent)->text();
        if (!m_reachable.value(agent))
            continue; // the node lists it as unreachable; the overview says so
        if (m_configErrors.contains(agent))
            out.append(
                tr("agent %1: its configuration cannot be read: %2").arg(agent, m_configErrors.value(agent)));
        else if (const QStringList p = configProblems(agent); !p.isEmpty())
            out.append(tr("agent %1: %2").arg(agent, p.join(QStringLiteral("; "))));
    }
    return out;
}

void AgentsPage::updateProblems()
{
    const QStringList now = problems();
    if (now == m_problems)
        return;
    m_problems = now;
    emit problemsChanged(now);
}

QString AgentsPage::message() const
{
    return m_message->text();
}

int AgentsPage::rowOf(const QString &agent) const
{
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, Agent) && m_table->item(r, Agent)->text() == agent)
            return r;
    }
    return -1;
}

void AgentsPage::refresh()
{
    m_configs.clear();
    if (NodeConnection *n = m_cluster->firstReady())
        n->refreshAgents();
}

void AgentsPage::rebuild()
{
    NodeConnection *node = m_cluster->firstReady();
    if (node != m_source) {
        // Read through another node now (or none): nothing read through the old one is kept.
        m_source = node;
        m_configs.clear();
        m_configErrors.clear();
    }
    const QList<Protocol::CtlAgentLoad> agents = node ? node->agents() : QList<Protocol::CtlAgentLoad>();
    QSet<QString> seen;
    for (const Protocol::CtlAgentLoad &a : agents) {
        const QString &name = a.agent;
        seen.insert(name);
        int r = rowOf(name);
        if (r < 0) {
            r = m_table->rowCount();
            m_table->insertRow(r);
            m_table->setItem(r, Agent, item(name));
            auto *fixButton = new QPushButton(tr("Fix"), m_table);
            fixButton->setObjectName(QStringLiteral("fix:") + name);
            connect(fixButton, &QPushButton::clicked, this, [this, name]() { fix(name, true); });
            m_table->setCellWidget(r, Fix, fixButton);
        }
        const bool reachable = a.reachable;
        if (reachable && !m_reachable.value(name, true)) {
            m_configs.remove(name); // back: read its configuration again
            m_configErrors.remove(name);
        }
        m_reachable.insert(name, reachable);
        auto *reach = item(reachable ? tr("yes") : tr("no: %1").arg(a.reason));
        reach->setForeground(reachable ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
        m_table->setItem(r, Reachable, reach);
        m_table->setItem(r, Sessions, item(QString::number(a.sessionsHere)));
        const Protocol::LoadReport load = a.load.value_or(Protocol::LoadReport());
        const double load1 = load.load1;
        const qint64 cpus = load.cpus;
        // The load average as it is, beside the CPUs it is shared by ("load 2.49 on 2 CPUs").
        m_table->setItem(
            r, Cpu,
            item(cpus <= 0 ? QStringLiteral("–")
                     : cpus == 1
                     ? tr("load %1 on 1 CPU").arg(QLocale().toString(load1, 'f', 2))
                     : tr("load %1 on %2 CPUs").arg(QLocale().toString(load1, 'f', 2)).arg(cpus)));
        const qint64 total = load.memTotalKib;
        const qint64 used = load.memUsedKib;
        m_table->setItem(r, Memory,
                         item(total > 0 ? tr("%1 of %2 GiB")
                                              .arg(double(used) / 1048576.0, 0, 'f', 1)
                                              .arg(double(total) / 1048576.0, 0, 'f', 1)
                                        : QStringLiteral("–")));
        if (!m_configs.contains(name) && reachable)
            loadConfig(name);
        else
            showConfig(name);
    }
    for (int r = m_table->rowCount() - 1; r >= 0; --r) {
        const QString name = m_table->item(r, Agent)->text();
        if (seen.contains(name))
            continue;
        m_table->removeRow(r); // no longer in terminalservers (or no node is connected)
        m_configs.remove(name);
        m_configErrors.remove(name);
        m_reachable.remove(name);
    }
    updateProblems();
}

void AgentsPage::loadConfig(const QString &agent)
{
    NodeConnection *node = m_cluster->firstReady();
    if (!node)
        return;
    m_configs.insert(agent, {}); // asked
    const QPointer<NodeConnection> asked(node);
    node->client()->call<Protocol::AgentConfig>(
        Protocol::MessageType::AdminAgentGetConfig, Protocol::AdminAgentConfig { agent, {} }.toCbor(), this,
        [this, agent, asked](std::optional<Protocol::AgentConfig> config, const QString &error) {
            if (!asked || !asked->isReady()) {
                // The node was lost meanwhile: that says nothing about the
                // agent. Asked again through the next connected node.
                m_configs.remove(agent);
                rebuild();
                return;
            }
            if (error.isEmpty() && config) {
                m_configs.insert(agent, *config);
                m_configErrors.remove(agent);
            } else {
                m_configErrors.insert(agent, error);
            }
            showConfig(agent);
        });
}

void AgentsPage::resolve(const QString &name)
{
    if (name.isEmpty() || m_addresses.contains(name))
        return;
    const QHostAddress literal(name);
    if (!literal.isNull()) {
        m_addresses.insert(name, { literal });
        return;
    }
    m_addresses.insert(name, {}); // asked
    QHostInfo::lookupHost(name, this, [this, name](const QHostInfo &info) {
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
            return;
        m_addresses.insert(name, info.addresses());
        for (auto it = m_configs.cbegin(); it != m_configs.cend(); ++it)
            showConfig(it.key());
    });
}

bool AgentsPage::sameHost(const QString &a, const QString &b) const
{
    if (a.compare(b, Qt::CaseInsensitive) == 0)
        return true;
    const QList<QHostAddress> x = m_addresses.value(a);
    for (const QHostAddress &address : m_addresses.value(b)) {
        if (x.contains(address))
            return true;
    }
    return false;
}

QStringList AgentsPage::configProblems(const QString &agent) const
{
    QStringList problems;
    const Protocol::AgentConfig config = m_configs.value(agent);
    if (config.isEmpty())
        return problems;
    const QStringList allowed = config.allowedClients.value_or(QStringList());
    QStringList hosts = m_cluster->nodeHosts();
    hosts.removeDuplicates(); // two nodes on one host (a test pair): one problem
    for (const QString &host : std::as_const(hosts)) {
        if (std::none_of(allowed.cbegin(), allowed.cend(),
                         [&](const QString &a) { return sameHost(a, host); }))
            problems.append(tr("allowed_clients lacks %1").arg(host));
    }
    const QString master = config.masterHostname.value_or(QString());
    if (!m_cluster->resource().isEmpty() && !sameHost(master, m_cluster->resource()))
        problems.append(
            tr("master_hostname is '%1', not the resource name %2").arg(master, m_cluster->resource()));
    return problems;
}

void AgentsPage::showConfig(const QString &agent)
{
    const int r = rowOf(agent);
    if (r < 0)
        return;
    const Protocol::AgentConfig config = m_configs.value(agent);
    const QStringList allowed = config.allowedClients.value_or(QStringList());
    const QString master = config.masterHostname.value_or(QString());
    for (const QString &name : allowed)
        resolve(name);
    resolve(master);
    for (const QString &host : m_cluster->nodeHosts())
        resolve(host);
    resolve(m_cluster->resource());
    auto *fixButton = qobject_cast<QPushButton *>(m_table->cellWidget(r, Fix));
    if (m_configErrors.contains(agent) || config.isEmpty()) {
        m_table->setItem(r, AllowedClients, item(QStringLiteral("?")));
        m_table->setItem(r, MasterHostname, item(QStringLiteral("?")));
        auto *check = item(m_configErrors.value(agent, tr("unknown")));
        check->setToolTip(check->text()); // the column may be too narrow for a long reason
        check->setForeground(QColor(0xb3, 0x6b, 0x00));
        m_table->setItem(r, Check, check);
        if (fixButton)
            fixButton->setEnabled(false);
        updateProblems();
        return;
    }
    m_table->setItem(r, AllowedClients, item(allowed.join(QLatin1Char(' '))));
    m_table->setItem(r, MasterHostname, item(master));
    const QStringList problems = configProblems(agent);
    auto *check = item(problems.isEmpty() ? tr("OK") : problems.join(QStringLiteral("; ")));
    check->setToolTip(problems.join(QLatin1Char('\n')));
    check->setForeground(problems.isEmpty() ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
    m_table->setItem(r, Check, check);
    if (fixButton)
        fixButton->setEnabled(!problems.isEmpty());
    updateProblems();
}

Protocol::AdminAgentConfig AgentsPage::fixedConfig(const QString &agent) const
{
    // What allowed_clients and master_hostname must be: both nodes added to what is there, and
    // the resource name.
    const Protocol::AgentConfig config = m_configs.value(agent);
    QStringList allowed = config.allowedClients.value_or(QStringList());
    for (const QString &host : m_cluster->nodeHosts()) {
        if (std::none_of(allowed.cbegin(), allowed.cend(),
                         [&](const QString &a) { return sameHost(a, host); }))
            allowed.append(host);
    }
    Protocol::AdminAgentConfig fixed { agent, {} };
    fixed.change.allowedClients = allowed;
    if (!m_cluster->resource().isEmpty()
        && !sameHost(config.masterHostname.value_or(QString()), m_cluster->resource()))
        fixed.change.masterHostname = m_cluster->resource();
    return fixed;
}

QString AgentsPage::fixText(const QString &agent) const
{
    const Protocol::AgentConfig config = m_configs.value(agent);
    const Protocol::AdminAgentConfig fixed = fixedConfig(agent);
    QStringList lines;
    const QString allowedNow = config.allowedClients.value_or(QStringList()).join(QLatin1Char(' '));
    const QString allowedNew = fixed.change.allowedClients.value_or(QStringList()).join(QLatin1Char(' '));
    if (allowedNow != allowedNew)
        lines.append(tr("allowed_clients: \"%1\" → \"%2\"").arg(allowedNow, allowedNew));
    if (fixed.change.masterHostname)
        lines.append(tr("master_hostname: \"%1\" → \"%2\"")
                         .arg(config.masterHostname.value_or(QString()), *fixed.change.masterHostname));
    if (lines.isEmpty())
        return {};
    return tr("Change the configuration of agent %1?").arg(agent) + QStringLiteral("\n\n")
        + lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n")
        + tr("The agent writes it to its configuration file and reloads it.");
}

void AgentsPage::fix(const QString &agent, bool confirm)
{
    QList<QPointer<NodeConnection>> through;
    for (NodeConnection *n : m_cluster->nodes()) {
        if (n->isReady())
            through.append(n);
    }
    if (through.isEmpty())
        return;
    const QString text = fixText(agent);
    if (text.isEmpty())
        return;
    if (confirm) {
        QMessageBox box(QMessageBox::Question, tr("Fix agent %1").arg(agent), text,
                        QMessageBox::Yes | QMessageBox::No, this);
        box.setDefaultButton(QMessageBox::Yes);
        m_confirmation = &box;
        const int answer = box.exec();
        m_confirmation = nullptr;
        if (answer != QMessageBox::Yes)
            return;
    }
    sendFix(agent, fixedConfig(agent).toCbor(), through, {});
}

void AgentsPage::sendFix(const QString &agent, const QCborMap &body, QList<QPointer<NodeConnection>> through,
                         QStringList failures)
{
    while (!through.isEmpty() && (!through.first() || !through.first()->isReady()))
        through.removeFirst();
    if (through.isEmpty()) {
        m_message->setText(
            tr("Changing agent %1 failed: %2").arg(agent, failures.join(QStringLiteral("; "))));
        m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_configs.remove(agent);
        loadConfig(agent);
        return;
    }
    NodeConnection *node = through.takeFirst();
    const QString address = node->address();
    node->client()->request(
        Protocol::MessageType::AdminAgentSetConfig, body, this,
        [this, agent, body, through, failures, address](const QCborMap &reply, const QString &why) mutable {
            const QString error = why.isEmpty() ? QString() : ServerReason::text(reply, why);
            if (!error.isEmpty()) {
                // Perhaps the agent does not trust this node yet: try the next one.
                failures.append(tr("through %1: %2").arg(address, error));
                return sendFix(agent, body, through, failures);
            }
            m_message->setText(tr("Agent %1 changed (through %2).").arg(agent, address));
            m_message->setStyleSheet(QString());
            m_configs.remove(agent);
            loadConfig(agent);
        });
}

} // namespace Console
