#pragma once

#include <QList>
#include <QString>

#include <utility>

namespace Net {
class RefusalLog;
}

namespace Metrics {

class Exposition;

// Metric families every OpenVSM daemon exposes the same way.

// openvsm_build_info{program,version} 1.
void writeBuildInfo(Exposition *out, const QString &program);

// openvsm_refused_connections_total{listener,reason}: every reason of every listener, zeros
// included (so that rate() and alerts see the series from the start). A null log (a listener
// that is not running) is left out.
using RefusalSources = QList<std::pair<QString, const Net::RefusalLog *>>;
void writeRefusals(Exposition *out, const RefusalSources &listeners);

} // namespace Metrics
