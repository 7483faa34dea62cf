#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/document.h"
#include "shared/hiveconf/tree.h"

#include <QDir>
#include <QTest>

using Config::Type;

Q_DECLARE_METATYPE(Config::Type)

// The tables hold every parameter the programs read, with the agreed types and defaults, and
// the shipped default files (packaging/etc) list each of them, documented, with that default.
class TestConfigTables : public QObject {
    Q_OBJECT

private slots:
    void contractParameters_data();
    void contractParameters();
    void everyParameterDocumentedAndValid();
    void defaultFilesMatchTables();

private:
    static QString sourceDir() { return qEnvironmentVariable("OPENVSM_SOURCE_DIR"); }
};

void TestConfigTables::contractParameters_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("path");
    QTest::addColumn<Config::Type>("type");
    QTest::addColumn<QString>("defaultValue");
    auto row = [](const char *table, const char *path, Type type, const char *def) {
        QTest::newRow(path) << QString::fromUtf8(table) << QString::fromUtf8(path) << type
                            << QString::fromUtf8(def);
    };
    row("common", "/vsm/vsm_server_port", Type::Port, "9000");
    row("common", "/vsm/vsm_agent_port", Type::Port, "904");
    row("common", "/vsm/vnc_port_base", Type::Port, "5900");
    row("common", "/vsm/cluster_key_file", Type::Path, "");
    row("agent", "/vsmagent/listen_port", Type::Int, "0");
    row("agent", "/vsmagent/allowed_clients", Type::List, "");
    row("agent", "/vsmagent/master_hostname", Type::String, "");
    row("agent", "/vsmagent/agent_hostname", Type::String, "");
    row("agent", "/vsmagent/display_min", Type::Int, "10");
    row("agent", "/vsmagent/display_max", Type::Int, "2000");
    row("agent", "/vsmagent/default_geometry", Type::Geometry, "1024 768");
    row("agent", "/vsmagent/xserver_args", Type::String, "-br -verbose 3");
    row("agent", "/vsmagent/xvnc_path", Type::Path, "Xvnc");
    row("agent", "/vsmagent/xsession_script", Type::Path, "");
    row("agent", "/vsmagent/xvnc_start_timeout", Type::Int, "25");
    row("agent", "/vsmagent/make_homedir", Type::Bool, "0");
    row("agent", "/vsmagent/make_homedir_mode", Type::Mode, "0700");
    row("agent", "/vsmagent/metrics/listen_port", Type::Int, "0");
    row("agent", "/vsmagent/metrics/listen_address", Type::Address, "127.0.0.1");
    row("agent", "/vsmagent/logging/logfile", Type::Path, "");
    row("agent", "/vsmagent/logging/defaultlevel", Type::Enum, "INFO");
    row("server", "/vsmserver/listen_port", Type::Int, "0");
    row("server", "/vsmserver/terminalservers", Type::List, "127.0.0.1");
    row("server", "/vsmserver/max_sessions_per_user", Type::Int, "1");
    row("server", "/vsmserver/allowed_groups", Type::List, "");
    row("server", "/vsmserver/ram_per_user", Type::Int, "100");
    row("server", "/vsmserver/bogomips_per_user", Type::Int, "600");
    row("server", "/vsmserver/existing_users_weight", Type::Int, "4");
    row("server", "/vsmserver/load_update_cycle", Type::Int, "40");
    row("server", "/vsmserver/agent_weights", Type::List, "");
    row("server", "/vsmserver/HA/enabled", Type::Bool, "0");
    row("server", "/vsmserver/HA/nodes", Type::List, "");
    row("server", "/vsmserver/HA/sync_timeout", Type::Int, "5");
    row("server", "/vsmserver/HA/replication", Type::Enum, "sync");
    row("server", "/vsmserver/HA/resource_address", Type::String, "");
    row("server", "/vsmserver/admin/listen_port", Type::Port, "9002");
    row("server", "/vsmserver/metrics/listen_port", Type::Int, "0");
    row("server", "/vsmserver/metrics/listen_address", Type::Address, "127.0.0.1");
    row("server", "/vsmserver/logging/logfile", Type::Path, "");
    row("server", "/vsmserver/logging/defaultlevel", Type::Enum, "INFO");
}

void TestConfigTables::contractParameters()
{
    QFETCH(QString, table);
    QFETCH(QString, path);
    QFETCH(Config::Type, type);
    QFETCH(QString, defaultValue);
    QList<const Config::Table *> tables;
    if (table == QLatin1String("common"))
        tables = { &Config::commonTable(), &Config::agentTable(), &Config::serverTable() };
    else if (table == QLatin1String("agent"))
        tables = { &Config::agentTable() };
    else
        tables = { &Config::serverTable() };
    for (const Config::Table *t : std::as_const(tables)) {
        const Config::Parameter *p = t->find(path);
        QVERIFY2(p, qPrintable(t->name()));
        QCOMPARE(p->type, type);
        QCOMPARE(p->defaultValue, defaultValue);
    }
    QVERIFY(Config::findKnownParameter(path));
    // Agent parameters are not in the server's table and the other way round.
    if (table == QLatin1String("agent"))
        QVERIFY(!Config::serverTable().contains(path));
    if (table == QLatin1String("server"))
        QVERIFY(!Config::agentTable().contains(path));
}

void TestConfigTables::everyParameterDocumentedAndValid()
{
    for (const Config::Table *table : { &Config::agentTable(), &Config::serverTable() }) {
        for (const Config::Parameter &p : table->parameters()) {
            QVERIFY2(!p.doc.isEmpty(), qPrintable(p.path));
            QVERIFY2(!p.doc.contains(QLatin1Char('\n')), qPrintable(p.path));
            QString why;
            QVERIFY2(Config::Values::validate(p, p.defaultValue, &why),
                     qPrintable(p.path + QLatin1Char(' ') + why));
            if (p.type == Type::Int)
                QVERIFY2(p.min < p.max, qPrintable(p.path));
            if (p.type == Type::Enum)
                QVERIFY2(!p.choices.isEmpty(), qPrintable(p.path));
        }
    }
}

void TestConfigTables::defaultFilesMatchTables()
{
    if (sourceDir().isEmpty())
        QSKIP("OPENVSM_SOURCE_DIR is not set: run through ctest");
    const QString root = sourceDir() + QStringLiteral("/packaging/etc/openvsm.hconf");
    Hiveconf::Tree tree;
    QString error;
    QVERIFY2(tree.load(root, &error), qPrintable(error));
    QCOMPARE(tree.files().size(), 4); // the root file and conf.d/vsm, vsmagent, vsmserver

    for (const Config::Table *table : { &Config::agentTable(), &Config::serverTable() }) {
        QStringList errors;
        Config::Values::load(*table, tree, &errors);
        QCOMPARE(errors, QStringList());
        for (const Config::Parameter &p : table->parameters()) {
            QVERIFY2(tree.contains(p.path),
                     qPrintable(p.path + QStringLiteral(" is missing from the default files")));
            QCOMPARE(*tree.value(p.path), p.defaultValue);
        }
    }
    // Every shipped parameter is known, and is preceded by a comment that names its default.
    const QStringList all = tree.entries(QStringLiteral("/"), true);
    for (const QString &path : all)
        QVERIFY2(Config::findKnownParameter(path), qPrintable(path + QStringLiteral(" is in no table")));
    for (const QString &file : tree.files().mid(1)) {
        Hiveconf::Document document;
        QVERIFY2(document.load(file, &error), qPrintable(error));
        const QList<Hiveconf::Document::Line> &lines = document.lines();
        for (int i = 0; i < lines.size(); ++i) {
            if (lines.at(i).kind != Hiveconf::Document::Line::Kind::Parameter)
                continue;
            QVERIFY2(
                i >= 2 && lines.at(i - 1).kind == Hiveconf::Document::Line::Kind::Comment
                    && lines.at(i - 1).raw.startsWith("# Default:")
                    && lines.at(i - 2).kind == Hiveconf::Document::Line::Kind::Comment,
                qPrintable(QStringLiteral("%1:%2: needs a comment saying what it means and '# Default: …'")
                               .arg(file)
                               .arg(i + 1)));
        }
    }
}

QTEST_GUILESS_MAIN(TestConfigTables)
#include "tst_configtables.moc"
