// The console's failover drill page, offscreen.
//
// Without OPENVSM_DRILL_NODES: against a real local pair of vsmservers and an agent (the
// DaemonFixture). Two servers on one machine cannot run HA (both HA/nodes entries would match
// this machine), so the drill must stop cleanly at its first step, saying why, with the
// timeline and the saved report showing it, and without asking any node to step down.
//
// With OPENVSM_DRILL_NODES="A B" (and OPENVSM_ADMIN_PASSWORD_FILE): against a real cluster, as
// tests/cluster/drill.sh runs it from the test bed's client host with keepalived: the drill
// with "move back" must pass, the timeline must show the peer taking the resource IP and
// coming back, and the report is written to OPENVSM_DRILL_REPORT when set.
#include "gui/console/cluster.h"
#include "gui/console/drillpage.h"
#include "gui/console/mainwindow.h"
#include "tests/gui/daemonfixture.h"

#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>

using namespace Console;

class TestDrillPage : public QObject {
    Q_OBJECT

private:
    DaemonFixture m_fixture;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_nodes;
    QByteArray m_password;
    bool m_real = false;

    QString column(int col) const
    {
        QStringList out;
        QTableWidget *t = m_window->drill()->timeline();
        for (int r = 0; r < t->rowCount(); ++r)
            out.append(t->item(r, col) ? t->item(r, col)->text() : QString());
        return out.join(QLatin1Char('\n'));
    }

    // A drill with move-back on the namespace cluster: every step, in order, each with its label.
    void checkRealDrill(DrillPage *page, bool ok, const QString &steps, const QString &details)
    {
        QVERIFY2(ok, qPrintable(page->resultText()));
        QVERIFY(page->resultText().startsWith(QStringLiteral("Drill passed in ")));
        QStringList names, labels;
        for (const Client::FailoverDrill::Step &st : page->drill()->steps()) {
            names.append(st.name);
            labels.append(DrillPage::stepLabel(st.name));
        }
        QCOMPARE(names, Client::FailoverDrill::stepNames(true));
        QCOMPARE(steps, labels.join(QLatin1Char('\n')));
        QVERIFY2(steps.contains(QStringLiteral("Peer took over")), qPrintable(steps));
        QVERIFY2(steps.contains(QStringLiteral("Sessions verified")), qPrintable(steps));
        QVERIFY2(steps.contains(QStringLiteral("Moved back")), qPrintable(steps));
        QVERIFY2(details.contains(QStringLiteral(" holds ")), qPrintable(details));
    }

    // Two servers on one host do not run HA: a clean refusal at the first step, with the
    // reason, and no node was asked to step down.
    void checkRefusedDrill(DrillPage *page, bool ok, const QString &steps)
    {
        QVERIFY(!ok);
        QVERIFY2(page->resultText().startsWith(QStringLiteral("Drill failed: ")),
                 qPrintable(page->resultText()));
        QVERIFY2(page->resultText().contains(QStringLiteral("does not run HA")),
                 qPrintable(page->resultText()));
        QCOMPARE(page->timeline()->rowCount(), 1);
        QCOMPARE(page->timeline()->item(0, 1)->text(), QStringLiteral("Active node"));
        QCOMPARE(page->timeline()->item(0, 2)->text(), QStringLiteral("failed"));
        QVERIFY(!steps.contains(QStringLiteral("Step down")));
    }

    // The report, saved as text and as JSON: a header (date, cluster, nodes with versions,
    // result), then the timeline.
    void checkReport(DrillPage *page, bool ok)
    {
        QString error;
        const QString text = m_fixture.dir.filePath(QStringLiteral("drill.txt"));
        const QString json = qEnvironmentVariable("OPENVSM_DRILL_REPORT").isEmpty()
            ? m_fixture.dir.filePath(QStringLiteral("drill.json"))
            : qEnvironmentVariable("OPENVSM_DRILL_REPORT");
        QVERIFY2(page->saveReport(text, &error), qPrintable(error));
        QVERIFY2(page->saveReport(json, &error), qPrintable(error));
        QFile t(text);
        QVERIFY(t.open(QIODevice::ReadOnly));
        const QString saved = QString::fromUtf8(t.readAll());
        QVERIFY2(saved.startsWith(QStringLiteral("OpenVSM failover drill report\nDate: ")),
                 qPrintable(saved));
        QVERIFY2(saved.contains(QStringLiteral("\nCluster: tlha\n")), qPrintable(saved));
        QVERIFY2(saved.contains(QStringLiteral("\nNodes: ") + m_nodes.value(0))
                     && saved.contains(QStringLiteral(", OpenVSM ") + QStringLiteral(OPENVSM_VERSION)),
                 qPrintable(saved));
        QVERIFY2(
            saved.contains(ok ? QStringLiteral("\nResult: passed\n") : QStringLiteral("\nResult: FAILED: ")),
            qPrintable(saved));
        QVERIFY(saved.contains(QStringLiteral("\n\n+")));
        QVERIFY2(saved.contains(ok ? QStringLiteral("drill passed in") : QStringLiteral("drill FAILED: ")),
                 qPrintable(saved));
        QFile j(json);
        QVERIFY(j.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(j.readAll()).object();
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), ok);
        QCOMPARE(report.value(QStringLiteral("cluster")).toString(), QStringLiteral("tlha"));
        QCOMPARE(report.value(QStringLiteral("nodes")).toArray().size(), 2);
        QVERIFY(!report.value(QStringLiteral("date")).toString().isEmpty());
        QCOMPARE(report.value(QStringLiteral("steps")).toArray().size(), page->timeline()->rowCount());
        QVERIFY(!page->saveReport(QStringLiteral("/nonexistent/dir/report.txt"), &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/dir/report.txt")));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString config = m_fixture.dir.filePath(QStringLiteral("config"));
        qputenv("XDG_CONFIG_HOME", config.toUtf8());
        qputenv("OPENVSM_KEYCHAIN", "off");
        const QString nodes = qEnvironmentVariable("OPENVSM_DRILL_NODES");
        if (!nodes.isEmpty()) {
            m_real = true;
            m_nodes = nodes.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            QCOMPARE(m_nodes.size(), 2);
            QFile f(qEnvironmentVariable("OPENVSM_ADMIN_PASSWORD_FILE"));
            QVERIFY2(f.open(QIODevice::ReadOnly), "OPENVSM_DRILL_NODES needs OPENVSM_ADMIN_PASSWORD_FILE");
            m_password = f.readAll().trimmed();
        } else {
            if (::geteuid() != 0)
                QSKIP("needs root: vsmagent checks its files and runs as root");
            QString error;
            QVERIFY2(m_fixture.setUp(true, &error, 2), qPrintable(error));
            QVERIFY2(m_fixture.start(&error), qPrintable(error));
            m_nodes = { m_fixture.node(0), m_fixture.node(1) };
            m_password = QByteArray(DaemonFixture::Password);
        }
        m_window = std::make_unique<MainWindow>();
        // First contact: trust and pin (the console's dialog does this with the admin).
        m_window->cluster()->setFingerprintCheck(
            [](const QString &, const QString &, Client::KnownNodes::Status status, const QString &) {
                return status == Client::KnownNodes::Status::Unknown;
            });
        m_window->show();
    }

    void cleanupTestCase()
    {
        m_window.reset();
        const QString died = m_fixture.stop();
        QVERIFY2(died.isEmpty(), qPrintable(died));
    }

    void startButtonNeedsBothNodes()
    {
        DrillPage *page = m_window->drill();
        auto *start = page->findChild<QPushButton *>(QStringLiteral("startDrill"));
        QVERIFY(start);
        QVERIFY(!start->isEnabled());
        QVERIFY(page->resultText().contains(QStringLiteral("Connect to both nodes")));
        m_window->connectToCluster(m_nodes, QStringLiteral("tlha"), m_password);
        Cluster *cluster = m_window->cluster();
        QTRY_VERIFY_WITH_TIMEOUT(cluster->nodes().size() == 2 && cluster->nodes()[0]->isReady()
                                     && cluster->nodes()[1]->isReady(),
                                 20000);
        QTRY_VERIFY(start->isEnabled());
        QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("saveReport"))->isEnabled());
    }

    void drill()
    {
        DrillPage *page = m_window->drill();
        m_window->tabs()->setCurrentWidget(page);
        page->findChild<QCheckBox *>(QStringLiteral("moveBack"))->setChecked(m_real);
        Client::FailoverDrill::Options options;
        options.stepDownSeconds = 30;
        options.takeoverTimeoutMs = m_real ? 30000 : 3000;
        page->setOptions(options);
        QSignalSpy finished(page, &DrillPage::drillFinished);
        page->startDrill();
        QVERIFY(page->isRunning() || finished.count() == 1);
        QVERIFY(finished.wait(m_real ? 150000 : 20000) || finished.count() == 1);
        const bool ok = finished.first().first().toBool();
        const QString steps = column(1);
        const QString details = column(3);
        qInfo().noquote() << QStringLiteral("timeline:\n") + page->drill()->reportText();
        QVERIFY(page->timeline()->rowCount() >= 1);
        QCOMPARE(page->progressBar()->value(), 100);
        // Every row has its milliseconds, in order.
        qint64 last = -1;
        for (int r = 0; r < page->timeline()->rowCount(); ++r) {
            bool isNumber = false;
            const qint64 ms = page->timeline()->item(r, 0)->text().toLongLong(&isNumber);
            QVERIFY(isNumber);
            QVERIFY(ms >= last);
            last = ms;
        }
        if (m_real)
            checkRealDrill(page, ok, steps, details);
        else
            checkRefusedDrill(page, ok, steps);
        if (QTest::currentTestFailed())
            return;
        auto *start = page->findChild<QPushButton *>(QStringLiteral("startDrill"));
        QVERIFY(start->isEnabled());
        QVERIFY(page->findChild<QPushButton *>(QStringLiteral("saveReport"))->isEnabled());

        // OPENVSM_DRILL_SCREENSHOT=FILE: the window with the finished drill (gui/screenshots/drill.png).
        if (const QString shot = qEnvironmentVariable("OPENVSM_DRILL_SCREENSHOT"); !shot.isEmpty()) {
            m_window->resize(1000, 640);
            page->timeline()->resizeColumnsToContents();
            QApplication::processEvents();
            QVERIFY2(m_window->grab().save(shot, "PNG"), qPrintable(shot));
        }
        checkReport(page, ok);
    }
};

QTEST_MAIN(TestDrillPage)
#include "tst_drillpage.moc"
