// tl-cluster-key: creates and checks the optional cluster key (see Net::ClusterKey).
#include "shared/net/clusterkey.h"
#include "shared/paths/paths.h"

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>

namespace {

void print(std::FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
}

int usage(std::FILE *stream, int code)
{
    print(stream,
          QStringLiteral("Usage: tl-cluster-key create [--force] [FILE]\n"
                         "       tl-cluster-key check FILE\n"
                         "\n"
                         "create  writes a new random cluster key to FILE (default %1), mode 0600.\n"
                         "        --force replaces an existing key; every server and agent of the\n"
                         "        cluster then needs the new one.\n"
                         "check   verifies that FILE is a usable cluster key (format, permissions).\n"
                         "\n"
                         "Copy the same file to every server and agent and set\n"
                         "/vsm/cluster_key_file to its path with tl-config, then restart them.")
              .arg(Paths::etcDir() + QStringLiteral("/cluster.key")));
    return code;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty())
        return usage(stderr, 2);
    const QString command = args.takeFirst();
    if (command == QLatin1String("-h") || command == QLatin1String("--help"))
        return usage(stdout, 0);

    if (command == QLatin1String("create")) {
        const bool force = args.removeAll(QStringLiteral("--force")) > 0;
        if (args.size() > 1 || (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))))
            return usage(stderr, 2);
        const QString path = args.isEmpty() ? Paths::etcDir() + QStringLiteral("/cluster.key") : args.first();
        QString error;
        if (!Net::ClusterKey::create(path, &error, force)) {
            print(stderr, QStringLiteral("tl-cluster-key: %1").arg(error));
            return 1;
        }
        const std::optional<Net::ClusterKey> key = Net::ClusterKey::load(path, &error);
        if (!key) {
            print(stderr, QStringLiteral("tl-cluster-key: the new key does not load: %1").arg(error));
            return 1;
        }
        print(stdout,
              QStringLiteral("Created cluster key %1 (key id %2).\n"
                             "Copy it (mode 0600) to every server and agent of the cluster, set\n"
                             "/vsm/cluster_key_file=%1 with tl-config on each, and restart them.")
                  .arg(path, key->keyId()));
        return 0;
    }
    if (command == QLatin1String("check")) {
        if (args.size() != 1)
            return usage(stderr, 2);
        QString error;
        const std::optional<Net::ClusterKey> key = Net::ClusterKey::load(args.first(), &error);
        if (!key) {
            print(stderr, QStringLiteral("tl-cluster-key: %1").arg(error));
            return 1;
        }
        print(stdout, QStringLiteral("%1: a valid cluster key (key id %2)").arg(args.first(), key->keyId()));
        return 0;
    }
    print(stderr, QStringLiteral("tl-cluster-key: unknown command '%1'").arg(command));
    return usage(stderr, 2);
}
