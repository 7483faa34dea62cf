#pragma once

#include <QCborMap>
#include <QString>

// How tlctl prints CtlHaStatus: "key: value" lines for people, one JSON object for scripts.
namespace Tlctl {

QString haStatusText(const QCborMap &status);
QString haStatusJson(const QCborMap &status);

} // namespace Tlctl
