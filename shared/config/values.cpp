#include "shared/config/values.h"

#include "shared/hiveconf/tree.h"
#include "shared/hiveconf/value.h"
#include "shared/logging/logging.h"

#include <QRegularExpression>

#include <arpa/inet.h>

namespace Config {
namespace {

bool parseGeometry(const QString &text, QSize *size)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d{1,5})\\s*(?:[xX]|\\s)\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch match = re.match(text);
    if (!match.hasMatch())
        return false;
    const int w = match.captured(1).toInt();
    const int h = match.captured(2).toInt();
    if (w < 1 || h < 1 || w > 16384 || h > 16384)
        return false;
    if (size)
        *size = QSize(w, h);
    return true;
}

bool parseMode(const QString &text, int *mode)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.size() > 5)
        return false;
    int value = 0;
    for (const QChar c : t) {
        if (c < QLatin1Char('0') || c > QLatin1Char('7'))
            return false;
        value = value * 8 + (c.unicode() - '0');
    }
    if (value > 07777)
        return false;
    if (mode)
        *mode = value;
    return true;
}

// An IPv4 or IPv6 literal (inet_pton: no names, no scope), in its canonical spelling. POSIX, not
// QHostAddress: the configuration code needs no Qt Network (the fuzz targets build it alone).
bool parseAddress(const QString &text, QString *canonical)
{
    const QByteArray latin = text.toLatin1();
    char out[INET6_ADDRSTRLEN] = {};
    unsigned char buffer[sizeof(struct in6_addr)];
    for (const int family : { AF_INET, AF_INET6 }) {
        if (inet_pton(family, latin.constData(), buffer) == 1 && inet_ntop(family, buffer, out, sizeof out)) {
            *canonical = QString::fromLatin1(out);
            return true;
        }
    }
    return false;
}

} // namespace

bool Values::validate(const Parameter &parameter, const QString &text, QString *why, QString *canonical)
{
    const QString t = text.trimmed();
    QString result = t;
    QString reason;
    switch (parameter.type) {
    case Type::String:
    case Type::Path:
        break;
    case Type::Bool: {
        bool ok = false;
        const bool b = Hiveconf::toBool(t, &ok);
        if (!ok)
            reason = QStringLiteral("must be a boolean: 1/0, true/false or yes/no");
        else
            result = b ? QStringLiteral("1") : QStringLiteral("0");
        break;
    }
    case Type::Int: {
        bool ok = false;
        const qint64 n = Hiveconf::toInt(t, &ok);
        if (!ok || n < parameter.min || n > parameter.max)
            reason = QStringLiteral("must be an integer from %1 to %2").arg(parameter.min).arg(parameter.max);
        else
            result = QString::number(n);
        break;
    }
    case Type::Port: {
        bool ok = false;
        const qint64 n = Hiveconf::toInt(t, &ok);
        if (!ok || n < 1 || n > 65535)
            reason = QStringLiteral("must be a port number from 1 to 65535");
        else
            result = QString::number(n);
        break;
    }
    case Type::List:
        result = Hiveconf::fromList(Hiveconf::toList(t));
        break;
    case Type::Enum: {
        reason = QStringLiteral("must be one of %1").arg(parameter.choices.join(QStringLiteral(", ")));
        for (const QString &choice : parameter.choices) {
            if (choice.compare(t, Qt::CaseInsensitive) == 0) {
                reason.clear();
                result = choice;
                break;
            }
        }
        break;
    }
    case Type::Mode: {
        int mode = 0;
        if (!parseMode(t, &mode))
            reason = QStringLiteral("must be octal permission bits such as 0700 (digits 0-7, at most 07777)");
        else
            result = QLatin1Char('0') + QString::number(mode, 8);
        break;
    }
    case Type::Geometry:
        if (!parseGeometry(t, nullptr))
            reason = QStringLiteral("must be a screen size 'WIDTH HEIGHT' or 'WIDTHxHEIGHT', each 1-16384, "
                                    "e.g. '1024 768'");
        break;
    case Type::Address:
        if (!parseAddress(t, &result))
            reason = QStringLiteral("must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0 (all IPv4 "
                                    "addresses), not a name");
        break;
    }
    if (!reason.isEmpty()) {
        if (why)
            *why = reason;
        return false;
    }
    if (canonical)
        *canonical = result;
    return true;
}

Values Values::defaults(const Table &table)
{
    Values values;
    for (const Parameter &parameter : table.parameters())
        values.m_values.insert(parameter.path, parameter.defaultValue);
    return values;
}

Values Values::load(const Table &table, const Hiveconf::Tree &tree, QStringList *errors)
{
    Values values;
    for (const Parameter &parameter : table.parameters()) {
        QString canonical = parameter.defaultValue;
        const std::optional<QString> configured = tree.value(parameter.path);
        if (configured) {
            QString why;
            QString checked;
            if (validate(parameter, *configured, &why, &checked)) {
                canonical = checked;
            } else if (errors) {
                const QString where = tree.definedAt(parameter.path);
                errors->append(QStringLiteral("%1: %2 (got '%3')%4; using the default '%5'")
                                   .arg(parameter.path, why, *configured,
                                        where.isEmpty() ? QString() : QStringLiteral(", set at ") + where,
                                        parameter.defaultValue));
            }
        }
        values.m_values.insert(parameter.path, canonical);
    }
    return values;
}

QStringList Values::unknownParameters(const Table &table, const Hiveconf::Tree &tree, const QString &folder)
{
    QStringList unknown;
    const QStringList paths = tree.entries(folder, true);
    for (const QString &path : paths) {
        if (!table.contains(path))
            unknown.append(path);
    }
    return unknown;
}

QString Values::raw(const QString &path) const
{
    const auto it = m_values.constFind(path);
    if (it == m_values.constEnd()) {
        qCWarning(lcConfig, "parameter %s is not in this program's table", qUtf8Printable(path));
        return {};
    }
    return *it;
}

QString Values::string(const QString &path) const
{
    return raw(path);
}

bool Values::boolean(const QString &path) const
{
    return Hiveconf::toBool(raw(path), nullptr);
}

qint64 Values::integer(const QString &path) const
{
    return Hiveconf::toInt(raw(path), nullptr);
}

QStringList Values::list(const QString &path) const
{
    return Hiveconf::toList(raw(path));
}

int Values::mode(const QString &path) const
{
    int mode = 0;
    parseMode(raw(path), &mode);
    return mode;
}

QSize Values::geometry(const QString &path) const
{
    QSize size;
    parseGeometry(raw(path), &size);
    return size;
}

} // namespace Config
