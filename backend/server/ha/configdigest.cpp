#include "backend/server/ha/configdigest.h"

#include <QCryptographicHash>
#include <QSet>

#include <algorithm>

namespace Ha {

QCborMap ConfigDigest::compute(const QMap<QString, QString> &values)
{
    QCborMap out;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        const QString normalised = it.value().simplified();
        out.insert(it.key(),
                   QString::fromLatin1(
                       QCryptographicHash::hash(normalised.toUtf8(), QCryptographicHash::Sha256).toHex()));
    }
    return out;
}

QStringList ConfigDigest::diff(const QCborMap &ours, const QCborMap &theirs)
{
    QSet<QString> names;
    for (auto it = ours.constBegin(); it != ours.constEnd(); ++it)
        names.insert(it.key().toString());
    for (auto it = theirs.constBegin(); it != theirs.constEnd(); ++it)
        names.insert(it.key().toString());
    QStringList differ;
    for (const QString &n : std::as_const(names)) {
        if (!ours.contains(n) || !theirs.contains(n)
            || ours.value(n).toString() != theirs.value(n).toString())
            differ.append(n);
    }
    std::sort(differ.begin(), differ.end());
    return differ;
}

} // namespace Ha
