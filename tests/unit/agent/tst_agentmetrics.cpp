#include "backend/agent/agentmetrics.h"

#include "shared/metrics/exposition.h"
#include "shared/net/refusallog.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

// What vsmagent's metrics endpoint serves: well-formed exposition text with the agent's
// sessions, load and refusals.
class TestAgentMetrics final : public QObject {
    Q_OBJECT

private:
    // The samples of an exposition text by their full name with labels; checks that every
    // sample belongs to a family declared before it (HELP and TYPE) and is a number.
    static QHash<QString, QString> samples(const QByteArray &text)
    {
        QHash<QString, QString> out;
        QSet<QString> families;
        static const QRegularExpression sample(QStringLiteral(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? (\\S+)$"));
        for (const QString &line : QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            if (line.startsWith(QLatin1String("# HELP "))) {
                continue;
            }
            if (line.startsWith(QLatin1String("# TYPE "))) {
                families.insert(line.section(QLatin1Char(' '), 2, 2));
                continue;
            }
            const QRegularExpressionMatch m = sample.match(line);
            if (!m.hasMatch())
                qFatal("not a sample line: %s", qPrintable(line));
            QString family = m.captured(1);
            for (const char *suffix : { "_bucket", "_sum", "_count" }) {
                if (!families.contains(family) && family.endsWith(QLatin1String(suffix)))
                    family.chop(static_cast<int>(qstrlen(suffix)));
            }
            if (!families.contains(family))
                qFatal("sample before its family: %s", qPrintable(line));
            bool ok = false;
            m.captured(4).toDouble(&ok);
            if (!ok)
                qFatal("not a number: %s", qPrintable(line));
            out.insert(m.captured(1) + m.captured(2), m.captured(4));
        }
        return out;
    }

private slots:
    void rendersLoadSessionsAndRefusals()
    {
        Agent::LoadReport load;
        load.sessions = 3;
        load.users = 2;
        load.load1 = 0.5;
        load.load5 = 1.25;
        load.load15 = 2;
        load.cpus = 4;
        load.bogomips = 19200;
        load.memTotalKib = 8 * 1024 * 1024;
        load.memUsedKib = 1024;
        Net::RefusalLog agentLog([](const QString &) {});
        agentLog.refused(Net::RefusalReason::AddressNotAllowed, QStringLiteral("10.0.0.9"),
                         QStringLiteral("connection from 10.0.0.9:4000"), QStringLiteral("not allowed"));
        agentLog.refused(Net::RefusalReason::AddressNotAllowed, QStringLiteral("10.0.0.9"),
                         QStringLiteral("connection from 10.0.0.9:4001"), QStringLiteral("not allowed"));

        const QHash<QString, QString> s = samples(Agent::renderMetrics(
            load, { { QStringLiteral("agent"), &agentLog }, { QStringLiteral("metrics"), nullptr } }));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_sessions")), QStringLiteral("3"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_users")), QStringLiteral("2"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_load_average{period=\"1m\"}")), QStringLiteral("0.5"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_load_average{period=\"5m\"}")),
                 QStringLiteral("1.25"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_cpus")), QStringLiteral("4"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_memory_total_bytes")), QStringLiteral("8589934592"));
        QCOMPARE(s.value(QStringLiteral("openvsm_agent_memory_used_bytes")), QStringLiteral("1048576"));
        QCOMPARE(s.value(QStringLiteral(
                     "openvsm_refused_connections_total{listener=\"agent\",reason=\"address_not_allowed\"}")),
                 QStringLiteral("2"));
        QCOMPARE(s.value(QStringLiteral(
                     "openvsm_refused_connections_total{listener=\"agent\",reason=\"connection_limit\"}")),
                 QStringLiteral("0"));
        // A listener that does not run has no series.
        for (auto it = s.cbegin(); it != s.cend(); ++it)
            QVERIFY2(!it.key().contains(QLatin1String("listener=\"metrics\"")), qPrintable(it.key()));
        QVERIFY(s.value(QStringLiteral("openvsm_build_info{program=\"vsmagent\",version=\"%1\"}")
                            .arg(QStringLiteral(OPENVSM_VERSION)))
                == QStringLiteral("1"));
    }
};

QTEST_GUILESS_MAIN(TestAgentMetrics)
#include "tst_agentmetrics.moc"
