// Renders a PNG of every tl-console page with data from a real local vsmagent and two
// vsmservers (a dozen sample session records, HA enabled): see gui/README.md for the command.
#include "gui/console/cluster.h"
#include "gui/console/mainwindow.h"
#include "gui/console/sessionspage.h"
#include "tests/gui/daemonfixture.h"

#include <QApplication>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

#include <cstdio>

using namespace Console;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("OpenVSM"));
    QApplication::setApplicationName(QStringLiteral("tl-console-screenshots"));
    if (argc != 2) {
        std::fprintf(
            stderr,
            "usage: console_screenshots OUTPUT-DIR (with OPENVSM_BUILD_BIN and OPENVSM_SOURCE_DIR set)\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QStandardPaths::setTestModeEnabled(true);
    qputenv("OPENVSM_KEYCHAIN", "off");
    DaemonFixture fixture;
    qputenv("XDG_CONFIG_HOME", fixture.dir.filePath(QStringLiteral("config")).toUtf8());
    QString error;
    if (!fixture.setUp(true, &error, 12) || !fixture.start(&error)) {
        std::fprintf(stderr, "console_screenshots: %s\n", qPrintable(error));
        return 1;
    }
    MainWindow window;
    window.resize(1100, 720);
    window.show();
    window.cluster()->setFingerprintCheck(
        [](const QString &, const QString &, Client::KnownNodes::Status status, const QString &) {
            return status == Client::KnownNodes::Status::Unknown;
        });
    window.connectToCluster({ fixture.node(0), fixture.node(1) }, QStringLiteral("tlha"),
                            QByteArray(DaemonFixture::Password));
    int rc = 1;
    QObject::connect(window.cluster(), &Cluster::finished, &window, [&]() {
        // Let status, agents, sessions and a few chart samples arrive.
        QTimer::singleShot(3000, &window, [&]() {
            // A session selected: the Sessions page shows its details pane filled in.
            window.sessions()->view()->selectRow(0);
            const QStringList files = window.saveScreenshots(out, &error);
            for (const QString &f : files)
                std::printf("%s\n", qPrintable(f));
            if (!error.isEmpty())
                std::fprintf(stderr, "console_screenshots: %s\n", qPrintable(error));
            rc = error.isEmpty() && files.size() == 5 ? 0 : 1;
            QApplication::quit();
        });
    });
    QApplication::exec();
    const QString died = fixture.stop();
    if (!died.isEmpty()) {
        std::fprintf(stderr, "console_screenshots: %s", qPrintable(died));
        rc = 1;
    }
    return rc;
}
