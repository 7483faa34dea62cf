#include "backend/tools/tlctl/nodeaccess.h"

#include "backend/client/adminclient.h"
#include "backend/client/failoverdrill.h"
#include "shared/admin/adminpassword.h"
#include "shared/admin/passwordhashfile.h"
#include "shared/hiveconf/tree.h"
#include "shared/net/tlsidentity.h"
#include "shared/paths/paths.h"

#include <QCborArray>
#include <QCborMap>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace Tlctl {

namespace {

using Protocol::MessageType;

enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitUnreachable = 3 };

// The program's name for its messages: tlctl, or tl-ha-setup which connects the same way.
const char *prog()
{
    static const QByteArray name = QCoreApplication::applicationName().toLocal8Bit();
    return name.constData();
}

int usage(const QString &why)
{
    std::fprintf(stderr, "%s: %s (see %s --help)\n", prog(), qPrintable(why), prog());
    return ExitUsage;
}

bool adminPassword(QByteArray *password, QString *error)
{
    const QString file = qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE");
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("OPENVSM_ADMIN_PASSWORD_FILE: cannot read %1: %2")
                         .arg(file, f.errorString());
            return false;
        }
        if (f.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup))
            std::fprintf(stderr, "%s: warning: %s can be read by others; run: chmod 600 %s\n", prog(),
                         qPrintable(file), qPrintable(file));
        *password = f.readAll();
        while (password->endsWith('\n') || password->endsWith('\r'))
            password->chop(1);
        return true;
    }
    if (!::isatty(STDIN_FILENO)) {
        *error = QStringLiteral("no admin password: set OPENVSM_ADMIN_PASSWORD_FILE or run from a terminal");
        return false;
    }
    if (!readSecret(QStringLiteral("Admin password: "), password)) {
        *error = QStringLiteral("no admin password given");
        return false;
    }
    return true;
}

// One line from stdin as typed, without its '\n'; false at end of input.
bool readRawLine(QByteArray *line)
{
    line->clear();
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(stdin)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        line->append(static_cast<char>(c));
    }
    return any;
}

// One answer from stdin (echoed), trimmed; false at end of input.
bool readLine(QByteArray *line)
{
    const bool any = readRawLine(line);
    *line = line->trimmed();
    return any;
}

// Whether to trust a certificate tlctl has not pinned for node, as ssh does with host keys: a
// changed one only with --accept-new-fingerprint; a new one with that option, or after asking on
// a terminal. Without a terminal nothing new is trusted silently.
bool trustCertificate(const QString &node, const QString &fingerprint, Client::KnownNodes::Status status,
                      const QString &pinned, bool acceptNew)
{
    if (status == Client::KnownNodes::Status::Changed) {
        std::fprintf(stderr,
                     "%s: WARNING: the admin certificate of %s has CHANGED.\n"
                     "  pinned: %s\n  now:    %s\n",
                     prog(), qPrintable(node), qPrintable(pinned), qPrintable(fingerprint));
        if (!acceptNew) {
            std::fprintf(stderr,
                         "%s: refused. If the node was reinstalled on purpose, compare the new fingerprint "
                         "with the node's own (on it: tlctl admin fingerprint) and rerun with "
                         "--accept-new-fingerprint\n",
                         prog());
            return false;
        }
        std::fprintf(stderr, "%s: accepted the new certificate (--accept-new-fingerprint)\n", prog());
        return true;
    }
    if (acceptNew) {
        std::fprintf(stderr,
                     "%s: pinning the admin certificate of %s: SHA-256 %s (--accept-new-fingerprint)\n",
                     prog(), qPrintable(node), qPrintable(fingerprint));
        return true;
    }
    if (!::isatty(STDIN_FILENO)) {
        std::fprintf(stderr,
                     "%s: the admin certificate of %s is not known yet: SHA-256 %s\n"
                     "tlctl: not sending the password and pinning nothing. Compare that fingerprint with the "
                     "node's own (on it: tlctl admin fingerprint), then rerun with --accept-new-fingerprint, "
                     "or run on a terminal to be asked\n",
                     prog(), qPrintable(node), qPrintable(fingerprint));
        return false;
    }
    std::fprintf(stderr,
                 "The admin certificate of %s is not known yet. Its SHA-256 fingerprint is\n"
                 "  %s\n"
                 "Compare it with the node's own (on it: tlctl admin fingerprint).\n"
                 "Trust it, pin it in %s and send the admin password (yes/no)? ",
                 qPrintable(node), qPrintable(fingerprint), qPrintable(Client::KnownNodes::defaultFile()));
    QByteArray answer;
    while (readLine(&answer)) {
        const QByteArray a = answer.toLower();
        if (a == "yes")
            return true;
        if (a == "no")
            break;
        std::fprintf(stderr, "Please type 'yes' or 'no': ");
    }
    return false;
}

// Connects and logs in; false with the exit code in *rc. The password is taken only once the
// node's certificate is trusted; with shared, the first one read is kept there and reused (the
// drill logs in to two nodes with one password).
bool connectNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                 QByteArray *shared = nullptr)
{
    QString host, error;
    quint16 port = 0;
    if (!Client::AdminClient::parseNode(node, &host, &port, &error)) {
        *rc = usage(QStringLiteral("--node %1").arg(error));
        return false;
    }
    if ((!shared || shared->isEmpty()) && qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE").isEmpty()
        && !::isatty(STDIN_FILENO)) {
        std::fprintf(stderr,
                     "%s: no admin password: set OPENVSM_ADMIN_PASSWORD_FILE or run from a terminal\n",
                     prog());
        *rc = ExitUsage;
        return false;
    }
    client->setFingerprintCheck([acceptNew](const QString &n, const QString &fingerprint,
                                            Client::KnownNodes::Status status, const QString &pinned) {
        return trustCertificate(n, fingerprint, status, pinned, acceptNew);
    });
    QEventLoop loop;
    QString failure;
    bool ok = false;
    QObject::connect(client, &Client::AdminClient::ready, &loop, [&]() {
        ok = true;
        loop.quit();
    });
    QObject::connect(client, &Client::AdminClient::failed, &loop, [&](const QString &why) {
        failure = why;
        loop.quit();
    });
    client->connectToNode(host, port, [shared](QString *why) -> std::optional<QByteArray> {
        if (shared && !shared->isEmpty())
            return *shared;
        QByteArray password;
        if (!adminPassword(&password, why))
            return std::nullopt;
        if (shared)
            *shared = password;
        return password;
    });
    loop.exec();
    if (!ok) {
        std::fprintf(stderr, "%s: %s\n", prog(), qPrintable(failure));
        *rc = failure.contains(QLatin1String("cannot connect")) ? ExitUnreachable : ExitFailed;
    }
    return ok;
}

} // namespace

int setPassword()
{
    QString error;
    Hiveconf::Tree tree;
    if (!tree.load(Paths::configFile(), &error)) {
        std::fprintf(stderr, "tlctl: %s; nothing was written\n", qPrintable(error));
        return ExitFailed;
    }
    const QString file = Admin::PasswordHashFile::path(tree);
    if (::geteuid() != 0 && !qEnvironmentVariableIsSet("OPENVSM_ROOT"))
        std::fprintf(stderr, "tlctl: note: not root; writing %s may fail\n", qPrintable(file));
    QByteArray password, again;
    if (!readSecret(QStringLiteral("New admin password: "), &password))
        return usage(QStringLiteral("no password given"));
    if (::isatty(STDIN_FILENO)) {
        if (!readSecret(QStringLiteral("Again: "), &again))
            return usage(QStringLiteral("no password given"));
        if (again != password) {
            std::fprintf(stderr, "tlctl: the passwords differ; nothing was written\n");
            return ExitFailed;
        }
    }
    if (password.size() < 8) {
        std::fprintf(stderr,
                     "tlctl: the admin password must have at least 8 characters; nothing was written\n");
        return ExitFailed;
    }
    const QString hash = Admin::AdminPassword::hash(password, &error);
    password.fill('\0');
    again.fill('\0');
    if (hash.isEmpty()) {
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
        return ExitFailed;
    }
    QStringList notes;
    const bool stored = Admin::PasswordHashFile::store(tree, hash, &notes, &error);
    for (const QString &note : std::as_const(notes))
        std::printf("%s\n", qPrintable(note));
    if (!stored) {
        std::fprintf(stderr, "tlctl: %s\n", qPrintable(error));
        return ExitFailed;
    }
    std::printf("it applies to the next login (no restart needed)\n");
    return ExitOk;
}

// tlctl admin fingerprint: what tlctl --node and the console show for this node, to compare.
int printFingerprint()
{
    const QString file = Paths::stateDir(QStringLiteral("vsmserver")) + QLatin1Char('/')
        + Net::TlsIdentity::certificateFileName();
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(file, QSsl::Pem);
    if (certificates.isEmpty()) {
        std::fprintf(stderr,
                     "tlctl: cannot read the admin API certificate %s; vsmserver creates it at its first "
                     "start\n",
                     qPrintable(file));
        return ExitFailed;
    }
    std::printf("SHA-256 %s\n", qPrintable(Net::TlsIdentity::fingerprintText(certificates.first())));
    return ExitOk;
}

// tlctl --node A --node B ha drill: the timeline as it happens, exit 0 when the drill passed.
int drill(const QStringList &nodes, bool acceptNew, bool json, bool moveBack, const QString &reportFile,
          const QString &seconds)
{
    if (nodes.size() != 2)
        return usage(QStringLiteral("ha drill needs both nodes: --node A --node B"));
    Client::FailoverDrill::Options options;
    options.moveBack = moveBack;
    if (!seconds.isEmpty()) {
        bool ok = false;
        options.stepDownSeconds = seconds.toInt(&ok);
        if (!ok || options.stepDownSeconds < 5 || options.stepDownSeconds > 3600)
            return usage(QStringLiteral("--step-down-seconds: give 5..3600 (got '%1')").arg(seconds));
    }
    QByteArray password;
    Client::AdminClient first, second;
    // A drill is slow on purpose; no request of it may hang for long.
    first.setTimeout(5000);
    second.setTimeout(5000);
    int rc = ExitOk;
    const bool connected = connectNode(&first, nodes[0], acceptNew, &rc, &password)
        && connectNode(&second, nodes[1], acceptNew, &rc, &password);
    password.fill('\0');
    if (!connected)
        return rc;
    Client::FailoverDrill drill(&first, &second, options);
    QEventLoop loop;
    QObject::connect(&drill, &Client::FailoverDrill::step, &loop,
                     [json](const QString &, qint64 ms, bool ok, const QString &detail) {
                         // With --json the timeline goes to stderr, so that stdout is one JSON document.
                         std::fprintf(json ? stderr : stdout, "+%5lld ms  %s%s\n", static_cast<long long>(ms),
                                      ok ? "" : "FAILED: ", qPrintable(detail));
                         std::fflush(json ? stderr : stdout);
                     });
    QObject::connect(&drill, &Client::FailoverDrill::finished, &loop, [&loop]() { loop.quit(); });
    drill.start();
    if (drill.isRunning())
        loop.exec();
    const QByteArray jsonReport = QJsonDocument(drill.reportJson()).toJson(QJsonDocument::Indented);
    if (json)
        std::fputs(jsonReport.constData(), stdout);
    else if (drill.succeeded())
        std::printf("drill passed\n");
    else
        std::printf("drill FAILED: %s\n", qPrintable(drill.failure()));
    if (!reportFile.isEmpty()) {
        QFile f(reportFile);
        const QByteArray data
            = reportFile.endsWith(QLatin1String(".json")) ? jsonReport : drill.reportText().toUtf8();
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size()) {
            std::fprintf(stderr, "tlctl: cannot write the report to %s: %s\n", qPrintable(reportFile),
                         qPrintable(f.errorString()));
            return ExitFailed;
        }
        std::fprintf(stderr, "tlctl: report written to %s\n", qPrintable(reportFile));
    }
    return drill.succeeded() ? ExitOk : ExitFailed;
}

bool connectToNode(Client::AdminClient *client, const QString &node, bool acceptNew, int *rc,
                   QByteArray *sharedPassword)
{
    return connectNode(client, node, acceptNew, rc, sharedPassword);
}

bool readSecret(const QString &prompt, QByteArray *secret)
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        std::fputs(qPrintable(prompt), stderr);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    // Not trimmed: blanks may be part of a password.
    QByteArray line;
    const bool any = readRawLine(&line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (line.endsWith('\r'))
        line.chop(1);
    *secret = line;
    return any;
}

} // namespace Tlctl
