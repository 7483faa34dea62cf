#include "shared/logging/logging.h"

#include <QDateTime>
#include <QFile>
#include <QMutex>
#include <QStringList>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcConfig, "openvsm.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProtocol, "openvsm.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "openvsm.security", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "openvsm.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLoadInfo, "openvsm.loadinfo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAgent, "openvsm.agent", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "openvsm.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHa, "openvsm.ha", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAdmin, "openvsm.admin", QtInfoMsg)

namespace Logging {
namespace {

struct State {
    QMutex mutex;
    QByteArray program;
    int fileFd = -1;
};

State &state()
{
    static State s;
    return s;
}

int syslogPriority(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return 7;
    case QtInfoMsg:
        return 6;
    case QtWarningMsg:
        return 4;
    case QtCriticalMsg:
        return 3;
    case QtFatalMsg:
        return 2;
    }
    return 6;
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "DEBUG";
    case QtInfoMsg:
        return "INFO";
    case QtWarningMsg:
        return "WARNING";
    case QtCriticalMsg:
        return "ERROR";
    case QtFatalMsg:
        return "FATAL";
    }
    return "INFO";
}

void writeAll(int fd, const QByteArray &data)
{
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, static_cast<size_t>(left));
        if (n <= 0)
            return;
        p += n;
        left -= n;
    }
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    State &s = state();
    QByteArray category = context.category ? QByteArray(context.category) : QByteArray("default");
    if (category.startsWith("openvsm."))
        category = category.mid(8);
    const QByteArray text = message.toUtf8();
    const QByteArray line = '<' + QByteArray::number(syslogPriority(type)) + '>' + s.program + '[' + category
        + "]: " + text + '\n';
    QMutexLocker lock(&s.mutex);
    writeAll(STDERR_FILENO, line);
    if (s.fileFd >= 0) {
        const QByteArray stamp = QDateTime::currentDateTime().toString(Qt::ISODateWithMs).toUtf8();
        writeAll(s.fileFd,
                 stamp + ' ' + s.program + ' ' + levelName(type) + ' ' + category + ": " + text + '\n');
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

bool parseLevel(const QString &text, Level *level)
{
    const QString t = text.trimmed().toUpper();
    static const QHash<QString, Level> names = {
        { QStringLiteral("ERROR"), Level::Error },   { QStringLiteral("WARNING"), Level::Warning },
        { QStringLiteral("INFO"), Level::Info },     { QStringLiteral("DEBUG"), Level::Debug },
        { QStringLiteral("DEBUG2"), Level::Debug2 },
    };
    const auto it = names.constFind(t);
    if (it == names.constEnd())
        return false;
    *level = it.value();
    return true;
}

void install(const QString &programName)
{
    {
        QMutexLocker lock(&state().mutex);
        state().program = programName.toUtf8();
    }
    qInstallMessageHandler(handler);
}

bool setLogFile(const QString &path, QString *error)
{
    const int fd
        = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("cannot open log file %1: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    QMutexLocker lock(&state().mutex);
    if (state().fileFd >= 0)
        ::close(state().fileFd);
    state().fileFd = fd;
    return true;
}

namespace {
QString rulesFor(const QString &category, Level level)
{
    // Qt has no level below debug: DEBUG and DEBUG2 both enable debug output.
    const bool info = level >= Level::Info;
    const bool warning = level >= Level::Warning;
    const bool debug = level >= Level::Debug;
    return QStringLiteral("%1.debug=%2\n%1.info=%3\n%1.warning=%4\n")
        .arg(category, debug ? QStringLiteral("true") : QStringLiteral("false"),
             info ? QStringLiteral("true") : QStringLiteral("false"),
             warning ? QStringLiteral("true") : QStringLiteral("false"));
}
} // namespace

void setLevels(Level defaultLevel, const QHash<QString, Level> &perSubsystem)
{
    QString rules = rulesFor(QStringLiteral("openvsm.*"), defaultLevel);
    for (auto it = perSubsystem.cbegin(); it != perSubsystem.cend(); ++it)
        rules += rulesFor(QStringLiteral("openvsm.") + it.key(), it.value());
    QLoggingCategory::setFilterRules(rules);
}

} // namespace Logging
