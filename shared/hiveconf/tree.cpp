#include "shared/hiveconf/tree.h"

#include "shared/hiveconf/value.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace Hiveconf {
namespace {

bool hasWildcard(const QString &pattern)
{
    return pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))
        || pattern.contains(QLatin1Char('['));
}

// Holds an exclusive flock() on a file for as long as it lives.
class FileLock final {
public:
    explicit FileLock(const QString &fileName)
    {
        m_fd = ::open(QFile::encodeName(fileName).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (m_fd < 0) {
            m_error = QStringLiteral("cannot open the lock file %1: %2")
                          .arg(fileName, QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno == EINTR)
                continue;
            m_error = QStringLiteral("cannot lock %1: %2")
                          .arg(fileName, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(m_fd);
            m_fd = -1;
            return;
        }
    }
    ~FileLock()
    {
        if (m_fd >= 0)
            ::close(m_fd); // releases the lock
    }
    bool locked() const { return m_fd >= 0; }
    QString error() const { return m_error; }

private:
    Q_DISABLE_COPY_MOVE(FileLock)
    int m_fd = -1;
    QString m_error;
};

} // namespace

QString Tree::lockFileFor(const QString &rootFile)
{
    const QFileInfo info(rootFile);
    return info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".lock");
}

QString Tree::absolute(const Mounted &mounted, const QString &relative)
{
    return joinPath(mounted.mountPoint, relative.mid(1));
}

bool Tree::load(const QString &rootFile, QString *error)
{
    m_rootFile = rootFile;
    m_documents.clear();
    m_parameters.clear();
    m_sections.clear();
    QStringList stack;
    if (!loadDocument(rootFile, QStringLiteral("/"), &stack, error)) {
        m_documents.clear();
        m_parameters.clear();
        m_sections.clear();
        return false;
    }
    m_sections[QStringLiteral("/")].prepend(0); // the top of the root file
    return true;
}

bool Tree::loadDocument(const QString &fileName, const QString &mountPoint, QStringList *stack,
                        QString *error)
{
    const QString canonical = QFileInfo(fileName).canonicalFilePath();
    Mounted mounted;
    if (!mounted.document.load(fileName, error))
        return false;
    mounted.mountPoint = mountPoint;
    stack->append(canonical);
    const int index = int(m_documents.size());
    m_documents.append(mounted);

    const QList<Document::Line> lines = m_documents.at(index).document.lines();
    for (int i = 0; i < lines.size(); ++i) {
        const Document::Line &line = lines.at(i);
        switch (line.kind) {
        case Document::Line::Kind::Section: {
            QList<int> &docs = m_sections[absolute(mounted, line.folder)];
            if (!docs.contains(index))
                docs.append(index);
            break;
        }
        case Document::Line::Kind::Parameter:
            m_parameters.insert(absolute(mounted, Document::parameterPath(line)), Definition { index, i });
            break;
        case Document::Line::Kind::Mount: {
            const QString where = QStringLiteral("%1:%2").arg(fileName).arg(i + 1);
            const QString folder = absolute(mounted, line.folder);
            QString pattern = line.value;
            if (QDir::isRelativePath(pattern))
                pattern = QFileInfo(fileName).absolutePath() + QLatin1Char('/') + pattern;
            const QFileInfo patternInfo(pattern);
            QStringList targets;
            if (hasWildcard(QFileInfo(line.value).path())) {
                if (error)
                    *error = QStringLiteral("%1: %mount wildcards are allowed only in the file name, not in "
                                            "folders ('%2')")
                                 .arg(where, line.value);
                return false;
            }
            if (hasWildcard(patternInfo.fileName())) {
                const QDir dir(patternInfo.path());
                const QStringList names = dir.entryList(QStringList { patternInfo.fileName() },
                                                        QDir::Files | QDir::CaseSensitive, QDir::Name);
                for (const QString &name : names)
                    targets.append(dir.filePath(name));
            } else {
                if (!patternInfo.isFile()) {
                    if (error)
                        *error = QStringLiteral("%1: %mount of '%2': no such file (%3)")
                                     .arg(where, line.value, patternInfo.absoluteFilePath());
                    return false;
                }
                targets.append(pattern);
            }
            for (const QString &target : targets) {
                if (stack->contains(QFileInfo(target).canonicalFilePath())) {
                    if (error)
                        *error = QStringLiteral("%1: %mount of '%2' mounts a file that is already being read "
                                                "(a mount loop)")
                                     .arg(where, target);
                    return false;
                }
                if (!loadDocument(target, folder, stack, error))
                    return false;
            }
            break;
        }
        case Document::Line::Kind::Blank:
        case Document::Line::Kind::Comment:
            break;
        }
    }
    stack->removeLast();
    return true;
}

QStringList Tree::files() const
{
    QStringList result;
    for (const Mounted &mounted : m_documents)
        result.append(mounted.document.fileName());
    return result;
}

std::optional<QString> Tree::value(const QString &path) const
{
    const auto it = m_parameters.constFind(normalizePath(path));
    if (it == m_parameters.constEnd())
        return std::nullopt;
    return m_documents.at(it->document).document.lines().at(it->line).value;
}

bool Tree::contains(const QString &path) const
{
    return m_parameters.contains(normalizePath(path));
}

QString Tree::definedAt(const QString &path) const
{
    const auto it = m_parameters.constFind(normalizePath(path));
    if (it == m_parameters.constEnd())
        return {};
    return QStringLiteral("%1:%2").arg(m_documents.at(it->document).document.fileName()).arg(it->line + 1);
}

bool Tree::isFolder(const QString &folder) const
{
    const QString f = normalizePath(folder);
    if (f == QLatin1String("/"))
        return true;
    if (f.isEmpty())
        return false;
    for (auto it = m_parameters.constBegin(); it != m_parameters.constEnd(); ++it) {
        if (it.key() != f && isUnder(it.key(), f))
            return true;
    }
    for (auto it = m_sections.constBegin(); it != m_sections.constEnd(); ++it) {
        if (isUnder(it.key(), f))
            return true;
    }
    return false;
}

QStringList Tree::entries(const QString &folder, bool recursive) const
{
    const QString f = normalizePath(folder);
    QStringList result;
    if (f.isEmpty())
        return result;
    for (auto it = m_parameters.constBegin(); it != m_parameters.constEnd(); ++it) {
        const QString &path = it.key();
        if (recursive ? (path != f && isUnder(path, f)) : parentPath(path) == f)
            result.append(path);
    }
    return result; // QMap keeps them sorted
}

QStringList Tree::folders(const QString &folder) const
{
    const QString f = normalizePath(folder);
    QSet<QString> found;
    auto consider = [&](const QString &path) {
        if (path == f || !isUnder(path, f))
            return;
        const QString rest = f == QLatin1String("/") ? path.mid(1) : path.mid(f.size() + 1);
        const qsizetype slash = rest.indexOf(QLatin1Char('/'));
        if (slash >= 0)
            found.insert(joinPath(f, rest.left(slash)));
    };
    for (auto it = m_parameters.constBegin(); it != m_parameters.constEnd(); ++it)
        consider(it.key());
    for (auto it = m_sections.constBegin(); it != m_sections.constEnd(); ++it)
        consider(joinPath(it.key(), QStringLiteral("x")));
    QStringList result(found.begin(), found.end());
    result.sort();
    return result;
}

int Tree::documentForNewParameter(const QString &path) const
{
    QString folder = parentPath(path);
    for (;;) {
        const auto it = m_sections.constFind(folder);
        if (it != m_sections.constEnd() && !it->isEmpty())
            return it->last();
        if (folder == QLatin1String("/"))
            return 0;
        folder = parentPath(folder);
    }
}

bool Tree::set(const QString &path, const QString &value, QString *error)
{
    return set(QList<Assignment> { { path, value } }, error);
}

bool Tree::set(const QList<Assignment> &assignments, QString *error)
{
    for (const Assignment &assignment : assignments) {
        const QString path = normalizePath(assignment.first);
        if (path.isEmpty() || path == QLatin1String("/")) {
            if (error)
                *error
                    = QStringLiteral("'%1' is not a parameter path: use /folder/name with letters, digits, "
                                     "'_', '-' and '.'")
                          .arg(assignment.first);
            return false;
        }
        if (assignment.second.contains(QLatin1Char('\n')) || assignment.second.contains(QLatin1Char('\r'))) {
            if (error)
                *error = QStringLiteral("%1: a value must be a single line").arg(path);
            return false;
        }
    }
    if (m_rootFile.isEmpty()) {
        if (error)
            *error = QStringLiteral("no configuration loaded");
        return false;
    }

    FileLock lock(lockFileFor(m_rootFile));
    if (!lock.locked()) {
        if (error)
            *error = lock.error();
        return false;
    }
    // Another writer may have changed the files since we read them: start from what is on disk.
    Tree fresh;
    if (!fresh.load(m_rootFile, error))
        return false;
    if (!fresh.apply(assignments, error))
        return false;
    *this = std::move(fresh);
    return true;
}

bool Tree::apply(const QList<Assignment> &assignments, QString *error)
{
    QList<int> changed;
    for (const Assignment &assignment : assignments) {
        const QString path = normalizePath(assignment.first);
        const QString value = assignment.second.trimmed();
        const auto it = m_parameters.constFind(path);
        if (it != m_parameters.constEnd()) {
            m_documents[it->document].document.setValue(it->line, value);
            if (!changed.contains(it->document))
                changed.append(it->document);
            continue;
        }
        const int index = documentForNewParameter(path);
        Mounted &mounted = m_documents[index];
        const QString relative
            = mounted.mountPoint == QLatin1String("/") ? path : path.mid(mounted.mountPoint.size());
        const qsizetype before = mounted.document.lines().size();
        const int line = mounted.document.insertParameter(relative, value);
        const int added = int(mounted.document.lines().size() - before);
        const int firstNew = line - added + 1;
        for (auto def = m_parameters.begin(); def != m_parameters.end(); ++def) {
            if (def->document == index && def->line >= firstNew)
                def->line += added;
        }
        m_parameters.insert(path, Definition { index, line });
        QList<int> &docs = m_sections[parentPath(path)];
        if (!docs.contains(index))
            docs.append(index);
        if (!changed.contains(index))
            changed.append(index);
    }
    for (const int index : changed) {
        if (!m_documents.at(index).document.save(error))
            return false;
    }
    return true;
}

} // namespace Hiveconf
