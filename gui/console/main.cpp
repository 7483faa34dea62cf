// tl-console: the OpenVSM administrator's window on a cluster (both nodes' admin APIs).
//
//   tl-console                       shows the connect dialog
//   tl-console --node A --node B --resource NAME
//                                    connects at once (password: OPENVSM_ADMIN_PASSWORD_FILE or asked)
//   tl-console ... --screenshots DIR renders every page to DIR/*.png and exits (see gui/README.md)
#include "gui/console/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
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
    QCommandLineParser parser;
    const auto app = Widgets::startApplication(argc, argv, QStringLiteral("tl-console"), &parser,
                                               [&options](QCommandLineParser *p) { options.addTo(p); });
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
    QString error;
    std::optional<QByteArray> password = Widgets::passwordFromFile(&error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "tl-console: %s\n", qPrintable(error));
        return 2;
    }
    if (!password) {
        bool ok = false;
        password = QInputDialog::getText(&window, QApplication::translate("main", "Admin password"),
                                         QApplication::translate("main", "Admin password:"),
                                         QLineEdit::Password, {}, &ok)
                       .toUtf8();
        if (!ok)
            return 1;
    }
    window.connectToCluster(parser.values(node), parser.value(resource), *password);
    if (parser.isSet(shots)) {
        const QString dir = parser.value(shots);
        QObject::connect(window.cluster(), &Cluster::finished, &window, [&window, dir]() {
            QTimer::singleShot(2500, &window, [&window, dir]() { // let status, agents and sessions arrive
                QString error;
                const QStringList files = window.saveScreenshots(dir, &error);
                QApplication::exit(Widgets::reportScreenshots(QStringLiteral("tl-console"), files, error));
            });
        });
    }
    return QApplication::exec();
}
