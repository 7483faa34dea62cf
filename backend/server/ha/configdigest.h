#pragma once

#include <QCborMap>
#include <QMap>
#include <QString>
#include <QStringList>

namespace Ha {

// The settings both HA nodes must share, compared without sending their values: each parameter
// is sent as a SHA-256 of its value (list values are normalised: whitespace-separated items,
// single spaces), so a difference can be named without revealing the value.
class ConfigDigest final {
public:
    // parameter path -> hex digest of the normalised value
    static QCborMap compute(const QMap<QString, QString> &values);
    // Names of the parameters that differ (missing on one side counts as differing), sorted.
    static QStringList diff(const QCborMap &ours, const QCborMap &theirs);
};

} // namespace Ha
