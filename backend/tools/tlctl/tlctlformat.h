#pragma once

#include "shared/protocol/adminmessages.h"
#include "shared/protocol/ctlmessages.h"

#include <QCborArray>
#include <QString>
#include <QStringList>

// How tlctl prints what vsmserver answers: aligned tables for people, JSON for scripts.
namespace Tlctl {

// "45s", "12m", "3h 05m", "2d 04h".
QString formatAge(qint64 seconds);
// Used/total memory: "3.1/15.6 GiB (20%)"; "-" when unknown.
QString formatMemory(qint64 usedKib, qint64 totalKib);
// 1-minute load per CPU as a percentage: "35%"; "-" when unknown.
QString formatCpu(double load1, int cpus);

// Columns padded to the widest cell, two spaces apart; the header is the first row.
QString table(const QList<QStringList> &rows);

// USER DISPLAY AGENT STATUS AGE, from CtlSessionList's sessions.
QString sessionTable(const QList<Protocol::CtlSession> &sessions);
// AGENT USERS MEM CPU RATING REACHABLE, from CtlLoadList's agents.
QString loadTable(const QList<Protocol::CtlAgentLoad> &agents);
// N TIME KIND TEXT, from AdminEventLog's entries (time in this machine's zone).
QString eventTable(const QList<Protocol::AdminLogEntry> &entries);

// The sessions or agents as a JSON array of objects (QCborValue's JSON mapping).
QByteArray toJson(const QCborArray &array);

} // namespace Tlctl
