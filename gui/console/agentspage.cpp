#include "agentspage.h"

#include "cluster.h"

#include <QCborArray>
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

namespace {

QStringList toList(const QCborArray &a)
{
    QStringList l;
    for (const QCborValue &v : a)
        l.append(v.toString());
    return l;
}

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
    const QCborArray agents = node ? node->agents() : QCborArray();
    QSet<QString> seen;
    for (const QCborValue &v : agents) {
        const QCborMap a = v.toMap();
        const QString name = a.value(QStringLiteral("agent")).toString();
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
        const bool reachable = a.value(QStringLiteral("reachable")).toBool();
        if (reachable && !m_reachable.value(name, true)) {
            m_configs.remove(name); // back: read its configuration again
            m_configErrors.remove(name);
        }
        m_reachable.insert(name, reachable);
        auto *reach
            = item(reachable ? tr("yes") : tr("no: %1").arg(a.value(QStringLiteral("reason")).toString()));
        reach->setForeground(reachable ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
        m_table->setItem(r, Reachable, reach);
        m_table->setItem(r, Sessions,
                         item(QString::number(a.value(QStringLiteral("sessions_here")).toInteger())));
        const double load1 = a.value(QStringLiteral("load1")).toDouble();
        const qint64 cpus = a.value(QStringLiteral("cpus")).toInteger();
        // The load average as it is, beside the CPUs it is shared by ("load 2.49 on 2 CPUs").
        m_table->setItem(
            r, Cpu,
            item(cpus <= 0 ? QStringLiteral("–")
                     : cpus == 1
                     ? tr("load %1 on 1 CPU").arg(QLocale().toString(load1, 'f', 2))
                     : tr("load %1 on %2 CPUs").arg(QLocale().toString(load1, 'f', 2)).arg(cpus)));
        const qint64 total = a.value(QStringLiteral("mem_total_kib")).toInteger();
        const qint64 used = a.value(QStringLiteral("mem_used_kib")).toInteger();
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
    node->client()->request(Protocol::MessageType::AdminAgentGetConfig,
                            QCborMap { { QStringLiteral("agent"), agent } }, this,
                            [this, agent, asked](const QCborMap &body, const QString &error) {
                                if (!asked || !asked->isReady()) {
                                    // The node was lost meanwhile: that says nothing about the
                                    // agent. Asked again through the next connected node.
                                    m_configs.remove(agent);
                                    rebuild();
                                    return;
                                }
                                if (error.isEmpty()) {
                                    m_configs.insert(agent, body);
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
    const QCborMap config = m_configs.value(agent);
    if (config.isEmpty())
        return problems;
    const QStringList allowed = toList(config.value(QStringLiteral("allowed_clients")).toArray());
    QStringList hosts = m_cluster->nodeHosts();
    hosts.removeDuplicates(); // two nodes on one host (a test pair): one problem
    for (const QString &host : std::as_const(hosts)) {
        if (std::none_of(allowed.cbegin(), allowed.cend(),
                         [&](const QString &a) { return sameHost(a, host); }))
            problems.append(tr("allowed_clients lacks %1").arg(host));
    }
    const QString master = config.value(QStringLiteral("master_hostname")).toString();
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
    const QCborMap config = m_configs.value(agent);
    for (const QString &name : toList(config.value(QStringLiteral("allowed_clients")).toArray()))
        resolve(name);
    resolve(config.value(QStringLiteral("master_hostname")).toString());
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
    m_table->setItem(
        r, AllowedClients,
        item(toList(config.value(QStringLiteral("allowed_clients")).toArray()).join(QLatin1Char(' '))));
    m_table->setItem(r, MasterHostname, item(config.value(QStringLiteral("master_hostname")).toString()));
    const QStringList problems = configProblems(agent);
    auto *check = item(problems.isEmpty() ? tr("OK") : problems.join(QStringLiteral("; ")));
    check->setToolTip(problems.join(QLatin1Char('\n')));
    check->setForeground(problems.isEmpty() ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
    m_table->setItem(r, Check, check);
    if (fixButton)
        fixButton->setEnabled(!problems.isEmpty());
    updateProblems();
}

QCborMap AgentsPage::fixedConfig(const QString &agent) const
{
    // What allowed_clients and master_hostname must be: both nodes added to what is there, and
    // the resource name.
    const QCborMap config = m_configs.value(agent);
    QStringList allowed = toList(config.value(QStringLiteral("allowed_clients")).toArray());
    for (const QString &host : m_cluster->nodeHosts()) {
        if (std::none_of(allowed.cbegin(), allowed.cend(),
                         [&](const QString &a) { return sameHost(a, host); }))
            allowed.append(host);
    }
    QCborArray list;
    for (const QString &a : std::as_const(allowed))
        list.append(a);
    QCborMap body { { QStringLiteral("agent"), agent }, { QStringLiteral("allowed_clients"), list } };
    if (!m_cluster->resource().isEmpty()
        && !sameHost(config.value(QStringLiteral("master_hostname")).toString(), m_cluster->resource()))
        body.insert(QStringLiteral("master_hostname"), m_cluster->resource());
    return body;
}

QString AgentsPage::fixText(const QString &agent) const
{
    const QCborMap config = m_configs.value(agent);
    const QCborMap fixed = fixedConfig(agent);
    QStringList lines;
    const QString allowedNow
        = toList(config.value(QStringLiteral("allowed_clients")).toArray()).join(QLatin1Char(' '));
    const QString allowedNew
        = toList(fixed.value(QStringLiteral("allowed_clients")).toArray()).join(QLatin1Char(' '));
    if (allowedNow != allowedNew)
        lines.append(tr("allowed_clients: \"%1\" → \"%2\"").arg(allowedNow, allowedNew));
    const QString masterNow = config.value(QStringLiteral("master_hostname")).toString();
    if (fixed.contains(QStringLiteral("master_hostname")))
        lines.append(tr("master_hostname: \"%1\" → \"%2\"")
                         .arg(masterNow, fixed.value(QStringLiteral("master_hostname")).toString()));
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
    sendFix(agent, fixedConfig(agent), through, {});
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
        [this, agent, body, through, failures, address](const QCborMap &, const QString &error) mutable {
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
