// tl-ha-setup-gui: the setup wizard's window (issue 13), beside tl-ha-setup (its command line):
// the same checks, actions, wording and report. Nothing is changed without a confirmation.
//
//   tl-ha-setup-gui                                   asks for the nodes on its first page
//   tl-ha-setup-gui --node A --node B [--resource NAME] [--ha-nodes "A B"]
//                                                     fills them in (the password: the keychain,
//                                                     OPENVSM_ADMIN_PASSWORD_FILE, or typed)
//   tl-ha-setup-gui ... --screenshots DIR             logs in, checks, renders every page to
//                                                     DIR/wizard-*.png and exits
#include "gui/console/cluster.h"
#include "gui/widgets/guiapp.h"
#include "gui/widgets/keychainstore.h"
#include "gui/wizard/nodespage.h"
#include "gui/wizard/setupwizard.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPushButton>
#include <QTimer>

#include <cstdio>

using namespace Console;
using namespace Wizard;

namespace {

struct Options {
    QCommandLineOption node { QStringLiteral("node"),
                              QStringLiteral("A node's admin API (host[:port]); twice: the primary first."),
                              QStringLiteral("HOST") };
    QCommandLineOption resource { QStringLiteral("resource"),
                                  QStringLiteral("The resource name clients use (default: tlha)."),
                                  QStringLiteral("NAME") };
    QCommandLineOption haNodes { QStringLiteral("ha-nodes"),
                                 QStringLiteral("The proposed /vsmserver/HA/nodes (default: the two nodes)."),
                                 QStringLiteral("\"A B\"") };
    QCommandLineOption shots { QStringLiteral("screenshots"),
                               QStringLiteral(
                                   "Log in, check, render every page to DIR/wizard-*.png and exit."),
                               QStringLiteral("DIR") };

    void addTo(QCommandLineParser *parser) const
    {
        parser->setApplicationDescription(QStringLiteral(
            "OpenVSM HA setup wizard: checks two OpenVSM servers before they become an HA pair, step by "
            "step (names, node identity, SSH host keys, agents, configuration, enabling HA), with the "
            "checks, "
            "the actions and the report of tl-ha-setup. It changes nothing without a confirmation."));
        parser->addOptions({ node, resource, haNodes, shots });
        parser->addHelpOption();
        parser->addVersionOption();
    }
};

} // namespace

int main(int argc, char **argv)
{
    const Options options;
    QCommandLineParser parser;
    const auto app = Widgets::startApplication(argc, argv, QStringLiteral("tl-ha-setup-gui"), &parser,
                                               [&options](QCommandLineParser *p) { options.addTo(p); });
    const QStringList nodes = parser.values(options.node);
    if (nodes.size() > 2) {
        std::fprintf(stderr, "tl-ha-setup-gui: give at most two --node (got %lld)\n",
                     static_cast<long long>(nodes.size()));
        return 2;
    }

    Widgets::KeychainStore keychain(QStringLiteral("OpenVSM console")); // the console's passwords
    SetupWizard wizard(nullptr, &keychain);
    NodesPage *page = wizard.nodesPage();
    QString error;
    if (const auto password = Widgets::passwordFromFile(&error))
        page->setPassword(QString::fromUtf8(*password));
    if (!error.isEmpty()) {
        std::fprintf(stderr, "tl-ha-setup-gui: %s\n", qPrintable(error));
        return 2;
    }
    if (!nodes.isEmpty())
        page->setNodes(nodes, parser.value(options.resource));
    if (parser.isSet(options.haNodes))
        page->setHaNodes(parser.value(options.haNodes));
    wizard.show();
    if (parser.isSet(options.shots)) {
        const QString dir = parser.value(options.shots);
        // Queued: the signal comes from inside a node's reply, and the pages' checks run nested event
        // loops that must not read that node's link again from within its own reply.
        QObject::connect(
            wizard.cluster(), &Cluster::finished, &wizard,
            [&wizard, dir]() {
                if (!wizard.nodesPage()->isComplete()) {
                    std::fprintf(stderr, "tl-ha-setup-gui: the nodes are not both connected\n");
                    QApplication::exit(1);
                    return;
                }
                QString error;
                const QStringList files = wizard.saveScreenshots(dir, &error);
                QApplication::exit(
                    Widgets::reportScreenshots(QStringLiteral("tl-ha-setup-gui"), files, error));
            },
            Qt::QueuedConnection);
        QTimer::singleShot(0, page, &NodesPage::connectNodes);
    }
    return QApplication::exec();
}
