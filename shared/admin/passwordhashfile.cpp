#include "shared/admin/passwordhashfile.h"

#include "shared/config/tables.h"
#include "shared/hiveconf/document.h"
#include "shared/hiveconf/tree.h"
#include "shared/net/secretfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Admin {

namespace {

constexpr qint64 MaxFileSize = 4096;

QString systemError(int errorNumber)
{
    return QString::fromLocal8Bit(std::strerror(errorNumber));
}

QString mode(mode_t bits)
{
    return QStringLiteral("%1").arg(bits & 07777, 4, 8, QLatin1Char('0'));
}

// The configuration's write lock, as Hiveconf::Tree::set takes it.
class ConfigLock final {
public:
    explicit ConfigLock(const QString &rootFile)
    {
        const QString file = Hiveconf::Tree::lockFileFor(rootFile);
        m_fd = ::open(QFile::encodeName(file).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            m_error = QStringLiteral("cannot open the lock file %1: %2").arg(file, systemError(errno));
            return;
        }
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno == EINTR)
                continue;
            m_error = QStringLiteral("cannot lock %1: %2").arg(file, systemError(errno));
            ::close(m_fd);
            m_fd = -1;
            return;
        }
    }
    ~ConfigLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Q_DISABLE_COPY_MOVE(ConfigLock)
    bool locked() const { return m_fd >= 0; }
    QString error() const { return m_error; }

private:
    int m_fd = -1;
    QString m_error;
};

// Whether a parameter line (its path relative to the file's mount point) is the legacy hash.
bool isLegacyLine(const Hiveconf::Document::Line &line)
{
    if (line.kind != Hiveconf::Document::Line::Kind::Parameter)
        return false;
    const QString relative = Hiveconf::Document::parameterPath(line);
    return relative.endsWith(QLatin1String("/password_hash"))
        && PasswordHashFile::legacyParameter().endsWith(relative);
}

} // namespace

QString PasswordHashFile::path(const Hiveconf::Tree &tree)
{
    QString name = tree.value(fileParameter()).value_or(QString()).trimmed();
    if (name.isEmpty())
        name = Config::serverTable().find(fileParameter())->defaultValue;
    if (QDir::isRelativePath(name))
        name = QFileInfo(tree.rootFile()).absolutePath() + QLatin1Char('/') + name;
    return QDir::cleanPath(name);
}

std::optional<PasswordHashFile::Stored> PasswordHashFile::load(const Hiveconf::Tree &tree, QString *error)
{
    const QString file = path(tree);
    const QString legacy = tree.value(legacyParameter()).value_or(QString()).trimmed();
    Stored stored;
    const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        const int e = errno;
        if (e != ENOENT) {
            *error
                = QStringLiteral("cannot read the admin password hash file %1: %2").arg(file, systemError(e));
            return std::nullopt;
        }
        if (legacy.isEmpty())
            return stored; // no password set
        stored.hash = legacy;
        stored.source = tree.definedAt(legacyParameter());
        stored.warning
            = QStringLiteral("the admin password hash is still in the configuration (%1, %2), which "
                             "other users may be able to read; run: tlctl admin set-password (it "
                             "moves the hash to the root-only file %3)")
                  .arg(stored.source, legacyParameter(), file);
        return stored;
    }
    struct stat st = {};
    const bool statted = ::fstat(fd, &st) == 0;
    const int statErrno = errno;
    auto refuse = [&](const QString &why) -> std::optional<Stored> {
        ::close(fd);
        *error = why;
        return std::nullopt;
    };
    if (!statted)
        return refuse(QStringLiteral("cannot read the admin password hash file %1: %2")
                          .arg(file, systemError(statErrno)));
    if (!S_ISREG(st.st_mode))
        return refuse(
            QStringLiteral("the admin password hash file %1 is not a regular file; remove it and run: "
                           "tlctl admin set-password")
                .arg(file));
    if (st.st_uid != 0 && st.st_uid != ::geteuid())
        return refuse(
            QStringLiteral("the admin password hash file %1 belongs to uid %2, not root: whoever owns "
                           "it can set the admin password. Run: chown root:root %1, then "
                           "tlctl admin set-password")
                .arg(file)
                .arg(st.st_uid));
    if ((st.st_mode & 077) != 0)
        return refuse(QStringLiteral("the admin password hash file %1 is accessible by group or others (mode "
                                     "%2), so the hash may have been read; refusing every admin login until "
                                     "it is fixed. Run: chmod 600 %1, and set a new password with: tlctl "
                                     "admin set-password")
                          .arg(file, mode(st.st_mode)));
    if (st.st_size > MaxFileSize)
        return refuse(
            QStringLiteral("the admin password hash file %1 is too large (%2 bytes) to hold a hash; "
                           "run: tlctl admin set-password")
                .arg(file)
                .arg(st.st_size));
    int readErrno = 0;
    const auto data = Net::readWhole(fd, static_cast<qsizetype>(st.st_size), &readErrno);
    if (!data)
        return refuse(QStringLiteral("cannot read the admin password hash file %1: %2")
                          .arg(file, Net::readError(readErrno)));
    ::close(fd);
    stored.hash = QString::fromUtf8(*data).trimmed();
    stored.source = file;
    if (!legacy.isEmpty())
        stored.warning
            = QStringLiteral("an old admin password hash is still in %1 (%2) and is ignored; remove it "
                             "(tlctl admin set-password does)")
                  .arg(tree.definedAt(legacyParameter()), legacyParameter());
    return stored;
}

bool PasswordHashFile::store(const Hiveconf::Tree &tree, const QString &hash, QStringList *notes,
                             QString *error)
{
    const QString file = path(tree);
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(file);
        return false;
    }
    if (!Net::writeFileAtomically(file, hash.toUtf8() + '\n', 0600, error))
        return false;
    notes->append(QStringLiteral("admin password hash written to %1 (mode 0600)").arg(file));

    // The configuration must not keep an old hash anywhere, not even one a later file hides.
    ConfigLock lock(tree.rootFile());
    if (!lock.locked()) {
        *error = lock.error();
        return false;
    }
    Hiveconf::Tree fresh;
    if (!fresh.load(tree.rootFile(), error))
        return false;
    for (const QString &name : fresh.files()) {
        Hiveconf::Document document;
        if (!document.load(name, error))
            return false;
        QStringList blanked;
        for (int i = 0; i < document.lines().size(); ++i) {
            const Hiveconf::Document::Line &line = document.lines().at(i);
            if (!isLegacyLine(line) || line.value.trimmed().isEmpty())
                continue;
            document.setValue(i, QString());
            blanked.append(QStringLiteral("%1:%2").arg(name).arg(i + 1));
        }
        if (blanked.isEmpty())
            continue;
        QString why;
        if (!document.save(&why)) {
            *error = QStringLiteral("%1; the old admin password hash is still there (the new file %2 takes "
                                    "precedence): blank password_hash= in it by hand")
                         .arg(why, file);
            return false;
        }
        for (const QString &where : std::as_const(blanked))
            notes->append(QStringLiteral("old hash removed from the configuration (%1)").arg(where));
    }
    return true;
}

} // namespace Admin
