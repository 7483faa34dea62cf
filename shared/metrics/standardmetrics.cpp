#include "shared/metrics/standardmetrics.h"

#include "shared/metrics/exposition.h"
#include "shared/net/refusallog.h"

namespace Metrics {

void writeBuildInfo(Exposition *out, const QString &program)
{
    const QString name = QStringLiteral("openvsm_build_info");
    out->family(name, Exposition::Type::Gauge,
                QStringLiteral("Always 1; the program and its version as labels"));
    out->sample(name, 1,
                { { QStringLiteral("program"), program },
                  { QStringLiteral("version"), QStringLiteral(OPENVSM_VERSION) } });
}

void writeRefusals(Exposition *out, const RefusalSources &listeners)
{
    const QString name = QStringLiteral("openvsm_refused_connections_total");
    out->family(name, Exposition::Type::Counter,
                QStringLiteral("Connections or requests refused before they were served, by listener and "
                               "reason (the log, openvsm.security, says the details)"));
    for (const auto &[listener, log] : listeners) {
        if (!log)
            continue;
        for (int i = 0; i < Net::RefusalReasonCount; ++i) {
            const auto reason = static_cast<Net::RefusalReason>(i);
            out->sample(name, static_cast<double>(log->count(reason)),
                        { { QStringLiteral("listener"), listener },
                          { QStringLiteral("reason"), Net::refusalReasonName(reason) } });
        }
    }
}

} // namespace Metrics
