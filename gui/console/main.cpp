// tl-console: the OpenVSM administrator's window on a cluster (both nodes' admin APIs).
//
//   tl-console                       shows the connect dialog
//   tl-console --node A --node B --resource NAME
//                                    connects at once (password: OPENVSM_ADMIN_PASSWORD_FILE or asked)
//   tl-console ... --screenshots DIR renders every page to DIR/*.png and exits (see gui/README.md)
#include "gui/console/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QInputDialog>
#include <QTimer>

#include "gui/console/cluster.h"
#include "gui/widgets/guiapp.h"
#include "gui/wizard/setupwizard.h"

#include <cstdio>

using namespace Console;
using namespace Wizard;

namespace {

struct Options {
    QCommandLineOption node { QStringLiteral("node"),
                              QStringLiteral("A node (host[:port]); twice for a pair."),
                              QStringLiteral("HOST") };
    QCommandLineOption resource { QStringLiteral("resource"), QStringLiteral("The resource name."),
                                  QStringLiteral("NAME") };
    QCommandLineOption shots { QStringLiteral("screenshots"),
                               QStringLiteral("Render every page to DIR/*.png and exit."),
                               QStringLiteral("DIR") };

    void addTo(QCommandLineParser *parser) const
    {
        parser->setApplicationDescription(QStringLiteral("OpenVSM administration console"));
        parser->addOptions({ node, resource, shots });
        parser->addHelpOption();
        parser->addVersionOption();
    }
};

} // namespace

int main(int argc, char **argv)
{
    const Options options;
    if (Widgets::onlyAsksForHelp(argc, argv)) {
        QCoreApplication core(argc, argv);
        Widgets::setNames(QStringLiteral("tl-console"));
        QCommandLineParser parser;
        options.addTo(&parser);
        parser.process(core); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    Widgets::setNames(QStringLiteral("tl-console"));
    Widgets::installTranslations(&app);

    QCommandLineParser parser;
    options.addTo(&parser);
    parser.process(app);
    const QCommandLineOption &node = options.node;
    const QCommandLineOption &resource = options.resource;
    const QCommandLineOption &shots = options.shots;

    MainWindow window;
    SetupWizard::installIn(&window); // Cluster → Setup wizard…
    window.show();
    if (!parser.isSet(node)) {
        QTimer::singleShot(0, &window, &MainWindow::showConnectDialog);
        return QApplication::exec();
    }
    QByteArray password;
    const QString file = qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE");
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "tl-console: cannot read %s\n", qPrintable(file));
            return 2;
        }
        password = f.readAll().trimmed();
    } else {
        bool ok = false;
        password = QInputDialog::getText(&window, QApplication::translate("main", "Admin password"),
                                         QApplication::translate("main", "Admin password:"),
                                         QLineEdit::Password, {}, &ok)
                       .toUtf8();
        if (!ok)
            return 1;
    }
    window.connectToCluster(parser.values(node), parser.value(resource), password);
    if (parser.isSet(shots)) {
        const QString dir = parser.value(shots);
        QObject::connect(window.cluster(), &Cluster::finished, &window, [&window, dir]() {
            QTimer::singleShot(2500, &window, [&window, dir]() { // let status, agents and sessions arrive
                QString error;
                const QStringList files = window.saveScreenshots(dir, &error);
                for (const QString &f : files)
                    std::printf("%s\n", qPrintable(f));
                if (!error.isEmpty())
                    std::fprintf(stderr, "tl-console: %s\n", qPrintable(error));
                QApplication::exit(error.isEmpty() ? 0 : 1);
            });
        });
    }
    return QApplication::exec();
}
