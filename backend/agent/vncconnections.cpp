#include "backend/agent/vncconnections.h"

#include <QFile>
#include <QStringList>

namespace Agent {

QSet<int> VncConnections::establishedLocalPorts(const QString &text)
{
    // "  sl  local_address rem_address   st tx_queue rx_queue ..."
    // "   0: 0100007F:170C 0100007F:A2B4 01 00000000:00000000 ..."   (st 01 = ESTABLISHED)
    QSet<int> ports;
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        if (fields.size() < 4 || !fields.at(0).endsWith(QLatin1Char(':')))
            continue;
        if (fields.at(3) != QLatin1String("01"))
            continue;
        const QString &local = fields.at(1);
        const qsizetype colon = local.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const int port = colon < 0 ? 0 : local.mid(colon + 1).toInt(&ok, 16);
        if (ok && port > 0)
            ports.insert(port);
    }
    return ports;
}

QSet<int> VncConnections::establishedLocalPorts()
{
    QSet<int> ports;
    for (const char *table : { "/proc/net/tcp", "/proc/net/tcp6" }) {
        QFile f(QString::fromLatin1(table));
        if (f.open(QIODevice::ReadOnly))
            ports.unite(establishedLocalPorts(QString::fromLatin1(f.readAll())));
    }
    return ports;
}

} // namespace Agent
