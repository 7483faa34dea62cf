// The configuration digest both HA nodes compare on link-up: names the differing parameters.

#include "backend/server/ha/configdigest.h"
#include "backend/server/ha/hasettings.h"

#include <QTest>

using Ha::ConfigDigest;

using Params = QMap<QString, QString>;

namespace {
Params P(std::initializer_list<std::pair<const char *, const char *>> list)
{
    Params out;
    for (const auto &[k, v] : list)
        out.insert(QString::fromLatin1(k), QString::fromLatin1(v));
    return out;
}
QStringList L(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *s : list)
        out.append(QString::fromLatin1(s));
    return out;
}
} // namespace

class TestConfigDigest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void diff_data()
    {
        QTest::addColumn<Params>("ours");
        QTest::addColumn<Params>("theirs");
        QTest::addColumn<QStringList>("differ");
        const char *ts = "/vsmserver/terminalservers";
        const char *max = "/vsmserver/max_sessions_per_user";
        const char *groups = "/vsmserver/allowed_groups";
        QTest::newRow("identical") << P({ { ts, "a b" }, { max, "1" } }) << P({ { ts, "a b" }, { max, "1" } })
                                   << QStringList();
        QTest::newRow("list whitespace does not matter")
            << P({ { ts, "a  b" } }) << P({ { ts, " a b " } }) << QStringList();
        QTest::newRow("terminalservers differ")
            << P({ { ts, "a b" }, { max, "1" } }) << P({ { ts, "a c" }, { max, "1" } }) << L({ ts });
        QTest::newRow("list order matters") << P({ { ts, "a b" } }) << P({ { ts, "b a" } }) << L({ ts });
        QTest::newRow("two differ, sorted")
            << P({ { ts, "a" }, { max, "1" }, { groups, "" } })
            << P({ { ts, "b" }, { max, "2" }, { groups, "" } }) << L({ max, ts });
        QTest::newRow("missing on one side")
            << P({ { ts, "a" }, { groups, "x" } }) << P({ { ts, "a" } }) << L({ groups });
        QTest::newRow("empty vs value")
            << P({ { groups, "" } }) << P({ { groups, "staff" } }) << L({ groups });
    }

    void diff()
    {
        QFETCH(Params, ours);
        QFETCH(Params, theirs);
        QFETCH(QStringList, differ);
        QCOMPARE(ConfigDigest::diff(ConfigDigest::compute(ours), ConfigDigest::compute(theirs)), differ);
        QCOMPARE(ConfigDigest::diff(ConfigDigest::compute(theirs), ConfigDigest::compute(ours)), differ);
    }

    void valuesAreNotSent()
    {
        const QCborMap d = ConfigDigest::compute(
            { { QStringLiteral("/vsmserver/allowed_groups"), QStringLiteral("secretgroup") } });
        QVERIFY(!d.value(QStringLiteral("/vsmserver/allowed_groups"))
                     .toString()
                     .contains(QStringLiteral("secret")));
        QCOMPARE(d.value(QStringLiteral("/vsmserver/allowed_groups")).toString().size(), 64);
    }

    void mustMatchCoversTheIssue()
    {
        const QStringList p = Ha::HaSettings::mustMatchParameters();
        for (const char *name :
             { "/vsmserver/terminalservers", "/vsmserver/HA/nodes", "/vsmserver/max_sessions_per_user",
               "/vsmserver/allowed_groups", "/vsmserver/HA/replication", "/vsmserver/HA/sync_timeout" })
            QVERIFY2(p.contains(QString::fromLatin1(name)), name);
    }
};

QTEST_GUILESS_MAIN(TestConfigDigest)
#include "tst_configdigest.moc"
