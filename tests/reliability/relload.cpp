// rel_load: the load of the fault-injection harness. Several workers, one per test user, ask
// for sessions as fast as answers come back, the way a real client does: ssh to the server
// (the resource name, or a node by name) running tl-session-helper as the user, which asks
// that node's vsmserver over its Unix socket. Each ssh reuses the worker's master connection
// (ControlMaster), so an operation costs a channel and the helper, not a key exchange.
//
//   rel_load --history FILE --seconds S --keys DIR [--seed N] [--max-live K] [--timeout S]
//            --worker USER=TARGET[,TARGET...] [--worker ...]
//
// DIR holds USER.key and known_hosts (the test bed's client folder); control sockets go there
// too. A worker with several targets takes them in turn (one user's sessions written on both
// sides of a partition). Operations: new, get (reconnect, or create when the user has none),
// list, terminate ID. A worker keeps at most K sessions it knows of (default 3).
//
// History: one line per operation, tab-separated, written when it ends:
//   worker user target op arg start_ms end_ms result id agent display new error
// result: ok (acknowledged), fail (an answer that is not a success, or ssh failed) or timeout
// (no answer within --timeout; outcome unknown). For list, id is the listed ids joined by ','.
// Stops starting operations after S seconds and waits for the ones in flight.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

struct Settings {
    QString keys;
    int maxLive = 3;
    int timeoutMs = 20000;
    qint64 stopAtMs = 0;
};

QString clean(QString s)
{
    s.replace(QLatin1Char('\t'), QLatin1Char(' '));
    s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s.trimmed();
}

class Worker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Worker)

public:
    Worker(int index, QString user, QStringList targets, const Settings &settings, QFile *history,
           quint32 seed, QObject *parent)
        : QObject(parent),
          m_index(index),
          m_user(std::move(user)),
          m_targets(std::move(targets)),
          m_settings(settings),
          m_history(history),
          m_random(seed)
    {
    }

    void start() { next(); }
    bool done() const { return m_done; }
    int operations() const { return m_operations; }

signals:
    void finished();

private:
    void next()
    {
        if (QDateTime::currentMSecsSinceEpoch() >= m_settings.stopAtMs) {
            m_done = true;
            emit finished();
            return;
        }
        const double r = m_random.generateDouble();
        QString op, arg;
        const auto live = static_cast<int>(m_live.size());
        if (live == 0) {
            op = r < 0.7 ? QStringLiteral("new") : QStringLiteral("get");
        } else if (r < 0.3) {
            op = live < m_settings.maxLive ? QStringLiteral("new") : QStringLiteral("get");
        } else if (r < 0.5) {
            op = QStringLiteral("get");
        } else if (r < 0.65) {
            op = QStringLiteral("list");
        } else {
            op = QStringLiteral("terminate");
            arg = m_live.at(static_cast<int>(m_random.bounded(static_cast<quint32>(live))));
        }
        const QString target = m_targets.at(m_turn++ % m_targets.size());
        run(target, op, arg);
    }

    void run(const QString &target, const QString &op, const QString &arg)
    {
        const QString key = m_settings.keys + QLatin1Char('/') + m_user + QStringLiteral(".key");
        QStringList args {
            QStringLiteral("-F"),
            QStringLiteral("/dev/null"),
            QStringLiteral("-o"),
            QStringLiteral("StrictHostKeyChecking=yes"),
            QStringLiteral("-o"),
            QStringLiteral("BatchMode=yes"),
            QStringLiteral("-o"),
            QStringLiteral("IdentitiesOnly=yes"),
            QStringLiteral("-o"),
            QStringLiteral("UserKnownHostsFile=") + m_settings.keys + QStringLiteral("/known_hosts"),
            QStringLiteral("-o"),
            QStringLiteral("GlobalKnownHostsFile=/dev/null"),
            QStringLiteral("-o"),
            QStringLiteral("ConnectTimeout=3"),
            QStringLiteral("-o"),
            QStringLiteral("ServerAliveInterval=2"),
            QStringLiteral("-o"),
            QStringLiteral("ServerAliveCountMax=2"),
            QStringLiteral("-o"),
            QStringLiteral("LogLevel=ERROR"),
            QStringLiteral("-o"),
            QStringLiteral("ControlMaster=auto"),
            QStringLiteral("-o"),
            QStringLiteral("ControlPath=") + m_settings.keys + QStringLiteral("/cm-%r@%h"),
            QStringLiteral("-o"),
            QStringLiteral("ControlPersist=10"),
            QStringLiteral("-i"),
            key,
            QStringLiteral("-l"),
            m_user,
            target,
            QStringLiteral("tl-session-helper"),
            op,
        };
        if (!arg.isEmpty())
            args << arg;
        auto *ssh = new QProcess(this);
        ssh->setStandardInputFile(QProcess::nullDevice());
        const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
        auto *timer = new QTimer(ssh);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, ssh, [ssh]() {
            ssh->setProperty("timedOut", true);
            ssh->kill();
        });
        connect(ssh, &QProcess::finished, this, [=](int code, QProcess::ExitStatus status) {
            finish(ssh, target, op, arg, startMs, code, status);
        });
        connect(ssh, &QProcess::errorOccurred, this, [=](QProcess::ProcessError error) {
            if (error == QProcess::FailedToStart)
                finish(ssh, target, op, arg, startMs, -1, QProcess::CrashExit);
        });
        timer->start(m_settings.timeoutMs);
        ssh->start(QStringLiteral("ssh"), args);
    }

    void finish(QProcess *ssh, const QString &target, const QString &op, const QString &arg, qint64 startMs,
                int code, QProcess::ExitStatus status)
    {
        const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
        ++m_operations;
        const QByteArray out = ssh->readAllStandardOutput();
        const QString err = QString::fromLocal8Bit(ssh->readAllStandardError());
        const bool timedOut = ssh->property("timedOut").toBool();
        ssh->deleteLater();

        QString result = QStringLiteral("fail"), id, agent, display, isNew = QStringLiteral("0"), error;
        QJsonParseError parseError;
        const QJsonObject reply = QJsonDocument::fromJson(out, &parseError).object();
        if (timedOut) {
            result = QStringLiteral("timeout");
            error = QStringLiteral("no answer in %1 ms").arg(m_settings.timeoutMs);
        } else if (status == QProcess::NormalExit && code == 0
                   && reply.value(QStringLiteral("ok")).toBool()) {
            result = QStringLiteral("ok");
        } else {
            error = reply.value(QStringLiteral("error")).toString();
            if (error.isEmpty())
                error = QStringLiteral("exit %1: %2")
                            .arg(code)
                            .arg(err.isEmpty() ? QString::fromLocal8Bit(out) : err);
        }
        if (result == QLatin1String("ok")) {
            if (op == QLatin1String("list")) {
                QStringList ids;
                const QJsonArray sessions = reply.value(QStringLiteral("sessions")).toArray();
                for (const QJsonValue &s : sessions)
                    ids << s.toObject().value(QStringLiteral("id")).toString();
                id = ids.join(QLatin1Char(','));
                m_live = ids; // what the server says is this user's
                while (m_live.size() > m_settings.maxLive + 2)
                    m_live.removeFirst();
            } else if (op == QLatin1String("terminate")) {
                id = arg;
                m_live.removeAll(arg);
            } else {
                const QJsonObject session = reply.value(QStringLiteral("session")).toObject();
                id = session.value(QStringLiteral("id")).toString();
                agent = session.value(QStringLiteral("agent_hostname")).toString();
                display = QString::number(session.value(QStringLiteral("display")).toInt());
                isNew = session.value(QStringLiteral("new")).toBool() ? QStringLiteral("1")
                                                                      : QStringLiteral("0");
                if (!id.isEmpty() && !m_live.contains(id))
                    m_live << id;
            }
        } else if (op == QLatin1String("terminate")) {
            id = arg;
            // "no such session" and the like: forget it; a list brings it back if it exists.
            if (result == QLatin1String("fail") && code == 1)
                m_live.removeAll(arg);
        }
        const QString line = QStringList { QString::number(m_index),
                                           m_user,
                                           target,
                                           op,
                                           arg.isEmpty() ? QStringLiteral("-") : arg,
                                           QString::number(startMs),
                                           QString::number(endMs),
                                           result,
                                           id.isEmpty() ? QStringLiteral("-") : id,
                                           agent.isEmpty() ? QStringLiteral("-") : agent,
                                           display.isEmpty() ? QStringLiteral("-") : display,
                                           isNew,
                                           error.isEmpty() ? QStringLiteral("-") : clean(error) }
                                 .join(QLatin1Char('\t'))
            + QLatin1Char('\n');
        m_history->write(line.toUtf8());
        m_history->flush();
        next();
    }

    int m_index;
    QString m_user;
    QStringList m_targets;
    const Settings &m_settings;
    QFile *m_history;
    QRandomGenerator m_random;
    QStringList m_live; // ids this worker believes are its user's sessions
    int m_turn = 0;
    int m_operations = 0;
    bool m_done = false;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Session load through ssh and tl-session-helper."));
    const QCommandLineOption historyOpt(QStringLiteral("history"), QStringLiteral("History file (appended)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"),
                                        QStringLiteral("How long to start operations."), QStringLiteral("S"),
                                        QStringLiteral("10"));
    const QCommandLineOption keysOpt(QStringLiteral("keys"),
                                     QStringLiteral("Folder with USER.key and known_hosts."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption seedOpt(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                     QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption maxLiveOpt(QStringLiteral("max-live"),
                                        QStringLiteral("Sessions per worker at most."), QStringLiteral("K"),
                                        QStringLiteral("3"));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"), QStringLiteral("Seconds per operation."),
                                        QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption workerOpt(QStringLiteral("worker"), QStringLiteral("USER=TARGET[,TARGET...]"),
                                       QStringLiteral("SPEC"));
    for (const auto &o : { historyOpt, secondsOpt, keysOpt, seedOpt, maxLiveOpt, timeoutOpt, workerOpt })
        parser.addOption(o);
    parser.addHelpOption();
    parser.process(app);
    if (!parser.isSet(historyOpt) || !parser.isSet(keysOpt) || parser.values(workerOpt).isEmpty()) {
        std::fputs("rel_load: --history, --keys and at least one --worker are needed\n", stderr);
        return 2;
    }
    Settings settings;
    settings.keys = parser.value(keysOpt);
    settings.maxLive = parser.value(maxLiveOpt).toInt();
    settings.timeoutMs = parser.value(timeoutOpt).toInt() * 1000;
    settings.stopAtMs = QDateTime::currentMSecsSinceEpoch()
        + static_cast<qint64>(parser.value(secondsOpt).toDouble() * 1000);
    QFile history(parser.value(historyOpt));
    if (!history.open(QIODevice::Append | QIODevice::Text)) {
        std::fprintf(stderr, "rel_load: cannot open %s\n", qPrintable(history.fileName()));
        return 2;
    }
    const quint32 seed = parser.value(seedOpt).toUInt();
    std::vector<Worker *> workers;
    int index = 0;
    for (const QString &spec : parser.values(workerOpt)) {
        const qsizetype eq = spec.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            std::fprintf(stderr, "rel_load: bad --worker %s (USER=TARGET[,TARGET...])\n", qPrintable(spec));
            return 2;
        }
        const QStringList targets = spec.mid(eq + 1).split(QLatin1Char(','), Qt::SkipEmptyParts);
        auto *w = new Worker(index, spec.left(eq), targets, settings, &history,
                             seed * 7919u + static_cast<quint32>(index), &app);
        ++index;
        workers.push_back(w);
        QObject::connect(w, &Worker::finished, &app, [&workers, &app]() {
            for (const Worker *x : workers) {
                if (!x->done())
                    return;
            }
            app.quit();
        });
    }
    for (Worker *w : workers)
        w->start();
    app.exec();
    int ops = 0;
    for (const Worker *w : workers)
        ops += w->operations();
    std::fprintf(stderr, "rel_load: %d operations by %zu workers\n", ops, workers.size());
    return 0;
}

#include "relload.moc"
