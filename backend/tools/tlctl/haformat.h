#pragma once

#include "shared/protocol/ctlmessages.h"

#include <QString>

// How tlctl prints CtlHaStatus: "key: value" lines for people, one JSON object for scripts.
namespace Tlctl {

QString haStatusText(const Protocol::HaStatus &status);
QString haStatusJson(const Protocol::HaStatus &status);

} // namespace Tlctl
