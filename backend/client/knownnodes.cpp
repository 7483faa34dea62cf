#include "backend/client/knownnodes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStringList>

namespace Client {

namespace {

QStringList readLines(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
}

} // namespace

KnownNodes::KnownNodes(const QString &file) : m_file(file)
{
}

QString KnownNodes::defaultFile()
{
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/openvsm/known_nodes");
}

KnownNodes::Status KnownNodes::check(const QString &node, const QString &fingerprint, QString *pinned) const
{
    for (const QString &line : readLines(m_file)) {
        const QStringList fields = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (fields.size() < 2 || fields[0].startsWith(QLatin1Char('#')) || fields[0] != node)
            continue;
        if (pinned)
            *pinned = fields[1];
        return fields[1].compare(fingerprint, Qt::CaseInsensitive) == 0 ? Status::Match : Status::Changed;
    }
    return Status::Unknown;
}

bool KnownNodes::pin(const QString &node, const QString &fingerprint, QString *error)
{
    QStringList out;
    for (const QString &line : readLines(m_file)) {
        const QStringList fields = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (line.trimmed().isEmpty() || (!fields.isEmpty() && fields[0] == node))
            continue;
        out.append(line);
    }
    out.append(node + QLatin1Char(' ') + fingerprint);
    if (!QDir().mkpath(QFileInfo(m_file).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(m_file);
        return false;
    }
    QSaveFile f(m_file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_file, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(out.join(QLatin1Char('\n')).toUtf8() + '\n');
    if (!f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_file, f.errorString());
        return false;
    }
    return true;
}

} // namespace Client
