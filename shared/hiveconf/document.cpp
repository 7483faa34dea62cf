#include "shared/hiveconf/document.h"

#include "shared/hiveconf/value.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Hiveconf {
namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

QString lineError(const QString &fileName, int lineNumber, const QString &what)
{
    return QStringLiteral("%1:%2: %3").arg(fileName).arg(lineNumber).arg(what);
}

// Splits bytes into lines that keep their terminators; a last line without '\n' is kept too.
QList<QByteArray> splitLines(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        end = end < 0 ? bytes.size() : end + 1;
        lines.append(bytes.mid(start, end - start));
        start = end;
    }
    return lines;
}

qsizetype contentLength(const QByteArray &raw)
{
    qsizetype n = raw.size();
    if (n > 0 && raw.at(n - 1) == '\n')
        --n;
    if (n > 0 && raw.at(n - 1) == '\r')
        --n;
    return n;
}

bool writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, static_cast<size_t>(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        left -= n;
    }
    return true;
}

} // namespace

bool Document::load(const QString &fileName, QString *error)
{
    m_fileName = fileName;
    m_lines.clear();
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(fileName, file.errorString());
        return false;
    }
    return parse(fileName, file.readAll(), error);
}

bool Document::parse(const QString &fileName, const QByteArray &bytes, QString *error)
{
    m_fileName = fileName;
    m_lines.clear();
    QList<Line> lines;
    QString folder = QStringLiteral("/");
    int lineNumber = 0;
    for (const QByteArray &raw : splitLines(bytes)) {
        ++lineNumber;
        Line line;
        line.raw = raw;
        line.folder = folder;
        const QString why = parseLine(&line);
        if (!why.isEmpty()) {
            if (error)
                *error = lineError(fileName, lineNumber, why);
            return false;
        }
        folder = line.folder;
        lines.append(line);
    }
    m_lines = lines;
    return true;
}

QString Document::parseLine(Line *line)
{
    const QByteArray content = line->raw.left(contentLength(line->raw));
    // A UTF-8 byte order mark: at the start of the file, or of a line when files were joined
    // with cat. Any other U+FEFF is text: the decoder must not drop it, or valueOffset (counted
    // in bytes of raw) would be off.
    const qsizetype skip = content.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(content.mid(skip));
    if (decoder.hasError())
        return QStringLiteral("not valid UTF-8 text");
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        line->kind = Line::Kind::Blank;
        return {};
    }
    if (trimmed.startsWith(QLatin1Char('#'))) {
        line->kind = Line::Kind::Comment;
        return {};
    }
    if (trimmed.startsWith(QLatin1Char('[')))
        return parseSection(trimmed, line);
    if (trimmed.startsWith(QLatin1Char('%')))
        return parseDirective(trimmed, line);
    return parseParameter(text, skip, line);
}

QString Document::parseSection(const QString &trimmed, Line *line)
{
    if (!trimmed.endsWith(QLatin1Char(']')))
        return QStringLiteral("bad section header '%1': expected '[/folder/path]'").arg(trimmed);
    const QString name = trimmed.mid(1, trimmed.size() - 2).trimmed();
    const QString normalized = normalizePath(name);
    if (name.isEmpty() || normalized.isEmpty() || name.contains(QStringLiteral("//")))
        return QStringLiteral("bad section header '%1': folder names may contain only letters, "
                              "digits, '_', '-' and '.', separated by single '/'")
            .arg(trimmed);
    line->kind = Line::Kind::Section;
    line->folder = normalized;
    return {};
}

QString Document::parseDirective(const QString &trimmed, Line *line)
{
    static const QRegularExpression whiteSpace(QStringLiteral("\\s"));
    const qsizetype space = trimmed.indexOf(whiteSpace);
    const QString directive = space < 0 ? trimmed : trimmed.left(space);
    if (directive != QLatin1String("%mount"))
        return QStringLiteral("unknown directive '%1': only %mount is known").arg(directive);
    const QString pattern = space < 0 ? QString() : trimmed.mid(space).trimmed();
    if (pattern.isEmpty())
        return QStringLiteral("%mount needs a file name or pattern, e.g. '%mount conf.d/*.hconf'");
    line->kind = Line::Kind::Mount;
    line->value = pattern;
    return {};
}

QString Document::parseParameter(const QString &text, qsizetype skip, Line *line)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq < 0)
        return QStringLiteral("expected 'name=value', a [/folder] header, %mount or a # comment, got '%1'")
            .arg(text.trimmed());
    const QString key = text.left(eq).trimmed();
    if (key.isEmpty())
        return QStringLiteral("missing parameter name before '='");
    const QString relative = normalizePath(key);
    if (relative.isEmpty() || relative == QLatin1String("/") || key.startsWith(QLatin1Char('/'))
        || key.endsWith(QLatin1Char('/')) || key.contains(QStringLiteral("//")))
        return QStringLiteral("bad parameter name '%1': names may contain only letters, digits, "
                              "'_', '-' and '.' (and '/' between subfolders)")
            .arg(key);
    // Byte offset of the value: after '=' and the spaces that follow it.
    const QString afterEq = text.mid(eq + 1);
    qsizetype lead = 0;
    while (lead < afterEq.size() && afterEq.at(lead).isSpace())
        ++lead;
    line->kind = Line::Kind::Parameter;
    line->key = key;
    line->value = afterEq.trimmed();
    line->valueOffset = skip + text.left(eq + 1 + lead).toUtf8().size();
    return {};
}

QByteArray Document::toBytes() const
{
    QByteArray bytes;
    for (const Line &line : m_lines)
        bytes += line.raw;
    return bytes;
}

QString Document::parameterPath(const Line &line)
{
    return joinPath(line.folder, normalizePath(line.key).mid(1));
}

// parameterPath(line) == path, without building the path when the key is in normal form: path
// is then the folder, a slash and the key (joinPath).
static bool hasPath(const Document::Line &line, QStringView path)
{
    if (!isNormalRelativePath(line.key))
        return Document::parameterPath(line) == path;
    const QStringView folder = line.folder == u"/" ? QStringView() : QStringView(line.folder);
    return path.size() == folder.size() + 1 + line.key.size() && path.startsWith(folder)
        && path.at(folder.size()) == u'/' && path.sliced(folder.size() + 1) == line.key;
}

int Document::findParameter(const QString &relativePath) const
{
    for (int i = int(m_lines.size()) - 1; i >= 0; --i) {
        const Line &line = m_lines.at(i);
        if (line.kind == Line::Kind::Parameter && hasPath(line, relativePath))
            return i;
    }
    return -1;
}

bool Document::hasSection(const QString &relativeFolder) const
{
    if (relativeFolder == QLatin1String("/"))
        return true; // the top of a file is the mount point's folder
    for (const Line &line : m_lines) {
        if (line.kind == Line::Kind::Section && line.folder == relativeFolder)
            return true;
    }
    return false;
}

QString Document::lineEnding() const
{
    for (const Line &line : m_lines) {
        if (line.raw.endsWith("\r\n"))
            return QStringLiteral("\r\n");
        if (line.raw.endsWith('\n'))
            return QStringLiteral("\n");
    }
    return QStringLiteral("\n");
}

void Document::setValue(int index, const QString &value)
{
    Line &line = m_lines[index];
    const QByteArray terminator = line.raw.mid(contentLength(line.raw));
    line.raw = line.raw.left(line.valueOffset) + value.toUtf8() + terminator;
    line.value = value;
}

int Document::insertParameter(const QString &relativePath, const QString &value)
{
    const QString folder = parentPath(relativePath);
    const QString name = baseName(relativePath);
    const QByteArray eol = lineEnding().toUtf8();

    // Make sure the last line is terminated before anything is added after it.
    if (!m_lines.isEmpty() && !m_lines.last().raw.endsWith('\n'))
        m_lines.last().raw += eol;

    // The last section for this folder: insert after its last parameter (or its header).
    int insertAt = -1;
    for (int i = 0; i < m_lines.size(); ++i) {
        const Line &line = m_lines.at(i);
        const bool inFolder = line.folder == folder;
        if (line.kind == Line::Kind::Section && inFolder)
            insertAt = i + 1;
        else if (line.kind == Line::Kind::Parameter && inFolder && insertAt >= 0)
            insertAt = i + 1;
    }
    if (insertAt < 0 && folder == QLatin1String("/")) {
        // Top-level parameters go before the first section header.
        insertAt = 0;
        for (int i = 0; i < m_lines.size() && m_lines.at(i).kind != Line::Kind::Section; ++i) {
            if (m_lines.at(i).kind == Line::Kind::Parameter)
                insertAt = i + 1;
        }
    }

    Line line;
    line.kind = Line::Kind::Parameter;
    line.folder = folder;
    line.key = name;
    line.value = value;
    line.raw = name.toUtf8() + '=' + value.toUtf8() + eol;
    line.valueOffset = name.toUtf8().size() + 1;

    if (insertAt >= 0) {
        m_lines.insert(insertAt, line);
        return insertAt;
    }

    Line blank;
    blank.kind = Line::Kind::Blank;
    blank.raw = eol;
    blank.folder = folder;
    Line header;
    header.kind = Line::Kind::Section;
    header.folder = folder;
    header.raw = '[' + folder.toUtf8() + ']' + eol;
    if (!m_lines.isEmpty() && m_lines.last().kind != Line::Kind::Blank)
        m_lines.append(blank);
    m_lines.append(header);
    m_lines.append(line);
    return int(m_lines.size()) - 1;
}

bool Document::save(QString *error) const
{
    // Write through a symbolic link to the file it points at, so the link stays.
    const QFileInfo linkInfo(m_fileName);
    const QString fileName
        = linkInfo.isSymLink() && linkInfo.exists() ? linkInfo.canonicalFilePath() : m_fileName;
    const QByteArray target = QFile::encodeName(fileName);
    const QFileInfo info(fileName);
    const QByteArray tmpl = QFile::encodeName(info.absolutePath() + QStringLiteral("/.") + info.fileName()
                                              + QStringLiteral(".XXXXXX"));
    QByteArray tmpName = tmpl;
    auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2 (%3)").arg(m_fileName, what, systemError());
        return false;
    };

    struct stat original = {};
    const bool exists = ::stat(target.constData(), &original) == 0;

    const int fd = ::mkstemp(tmpName.data());
    if (fd < 0)
        return fail(QStringLiteral("cannot create a temporary file next to it"));
    auto cleanup = [&]() {
        ::close(fd);
        ::unlink(tmpName.constData());
    };
    const mode_t mode = exists ? (original.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0) {
        const bool ok = fail(QStringLiteral("cannot set the mode of the temporary file"));
        cleanup();
        return ok;
    }
    if (exists && (original.st_uid != ::geteuid() || original.st_gid != ::getegid())) {
        // Keep the owner when we may (as root); otherwise the file becomes ours.
        if (::fchown(fd, original.st_uid, original.st_gid) != 0 && errno != EPERM) {
            const bool ok = fail(QStringLiteral("cannot set the owner of the temporary file"));
            cleanup();
            return ok;
        }
    }
    if (!writeAll(fd, toBytes()) || ::fsync(fd) != 0) {
        const bool ok = fail(QStringLiteral("writing the temporary file failed"));
        cleanup();
        return ok;
    }
    if (::close(fd) != 0) {
        ::unlink(tmpName.constData());
        return fail(QStringLiteral("closing the temporary file failed"));
    }
    if (::rename(tmpName.constData(), target.constData()) != 0) {
        const bool ok = fail(QStringLiteral("cannot replace the file"));
        ::unlink(tmpName.constData());
        return ok;
    }
    const int dirFd
        = ::open(QFile::encodeName(info.absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return true;
}

} // namespace Hiveconf
