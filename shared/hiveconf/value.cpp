#include "shared/hiveconf/value.h"

#include <QRegularExpression>

namespace Hiveconf {

bool toBool(const QString &value, bool *ok)
{
    const QString v = value.trimmed().toLower();
    bool valid = true;
    bool result = false;
    if (v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes"))
        result = true;
    else if (v == QLatin1String("0") || v == QLatin1String("false") || v == QLatin1String("no"))
        result = false;
    else
        valid = false;
    if (ok)
        *ok = valid;
    return result;
}

qint64 toInt(const QString &value, bool *ok)
{
    const QString v = value.trimmed();
    bool valid = !v.isEmpty();
    for (qsizetype i = 0; valid && i < v.size(); ++i) {
        const QChar c = v.at(i);
        if (i == 0 && (c == QLatin1Char('-') || c == QLatin1Char('+')) && v.size() > 1)
            continue;
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            valid = false;
    }
    qint64 result = 0;
    if (valid)
        result = v.toLongLong(&valid, 10);
    if (ok)
        *ok = valid;
    return valid ? result : 0;
}

QStringList toList(const QString &value)
{
    static const QRegularExpression separator(QStringLiteral("[ \\t]+"));
    return value.split(separator, Qt::SkipEmptyParts);
}

QString fromList(const QStringList &items)
{
    return items.join(QLatin1Char(' '));
}

bool isValidName(QStringView name)
{
    if (name.isEmpty() || name == u"." || name == u"..")
        return false;
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('-') || c == QLatin1Char('.');
        if (!ok)
            return false;
    }
    return true;
}

bool isNormalRelativePath(QStringView relative)
{
    for (const QStringView part : relative.tokenize(u'/')) {
        if (!isValidName(part))
            return false;
    }
    return true;
}

QString normalizePath(const QString &path)
{
    // Most paths are normal already (every parameter line is looked up this way): no copy.
    if (path == u"/" || (path.startsWith(u'/') && isNormalRelativePath(QStringView(path).sliced(1))))
        return path;
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList kept;
    for (const QString &part : parts) {
        if (part == QLatin1String("."))
            continue;
        if (!isValidName(part))
            return {};
        kept.append(part);
    }
    return QLatin1Char('/') + kept.join(QLatin1Char('/'));
}

QString parentPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0)
        return QStringLiteral("/");
    return path.left(slash);
}

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString joinPath(const QString &folder, const QString &relative)
{
    if (relative.isEmpty())
        return folder;
    if (folder == QLatin1String("/"))
        return QLatin1Char('/') + relative;
    return folder + QLatin1Char('/') + relative;
}

bool isUnder(const QString &path, const QString &folder)
{
    if (folder == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

} // namespace Hiveconf
