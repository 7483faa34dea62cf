#include "backend/tools/tlclient/clientoptions.h"
#include "backend/tools/tlclient/sshtunnel.h"

#include <QTest>

using Tlclient::ClientOptions;

static QStringList args(std::initializer_list<const char *> words)
{
    QStringList list;
    for (const char *w : words)
        list << QString::fromUtf8(w);
    return list;
}

class TestTlClientOptions : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void shellQuote_data();
    void shellQuote();
    void sshArguments();
    void sshFailureMayPass_data();
    void sshFailureMayPass();
};

void TestTlClientOptions::parse_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("errorPart");

    const int get = int(ClientOptions::Action::Get);
    QTest::newRow("host only") << args({ "tlha" }) << true << get << ""
                               << "tlha"
                               << "";
    QTest::newRow("user@host") << args({ "alice@tlha" }) << true << get << "alice"
                               << "tlha"
                               << "";
    QTest::newRow("check + geometry")
        << args({ "--check", "--geometry", "1280x800", "tlha" }) << true << get << ""
        << "tlha"
        << "";
    QTest::newRow("new") << args({ "--new", "tlha" }) << true << int(ClientOptions::Action::New) << ""
                         << "tlha"
                         << "";
    QTest::newRow("terminate existing")
        << args({ "--terminate-existing", "b@s" }) << true << int(ClientOptions::Action::Replace) << "b"
        << "s"
        << "";
    QTest::newRow("list") << args({ "--list", "s" }) << true << int(ClientOptions::Action::List) << ""
                          << "s"
                          << "";
    QTest::newRow("ssh options") << args(
        { "-o", "StrictHostKeyChecking=yes", "-oBatchMode=yes", "-p", "2222", "s" })
                                 << true << get << ""
                                 << "s"
                                 << "";
    QTest::newRow("no server") << args({ "--check" }) << false << get << ""
                               << ""
                               << "name the server";
    QTest::newRow("bad geometry") << args({ "--geometry", "big", "s" }) << false << get << ""
                                  << ""
                                  << "WIDTHxHEIGHT";
    QTest::newRow("two actions") << args({ "--new", "--list", "s" }) << false << get << ""
                                 << ""
                                 << "exclude each other";
    QTest::newRow("two servers") << args({ "a", "b" }) << false << get << ""
                                 << ""
                                 << "one server only";
    QTest::newRow("unknown option") << args({ "--frobnicate", "s" }) << false << get << ""
                                    << ""
                                    << "unknown option --frobnicate";
    QTest::newRow("missing value") << args({ "s", "--command" }) << false << get << ""
                                   << ""
                                   << "--command needs a value";
    QTest::newRow("empty host") << args({ "alice@" }) << false << get << ""
                                << ""
                                << "name the server";
    QTest::newRow("retry") << args({ "--retry", "20", "--check", "s" }) << true << get << ""
                           << "s"
                           << "";
    QTest::newRow("retry out of range") << args({ "--retry", "-1", "s" }) << false << get << ""
                                        << ""
                                        << "--retry takes seconds from 0 to 3600 (got '-1')";
    QTest::newRow("timeout 0") << args({ "--timeout", "0", "s" }) << false << get << ""
                               << ""
                               << "--timeout takes seconds from 1 to 3600 (got '0')";
}

void TestTlClientOptions::parse()
{
    QFETCH(QStringList, args);
    QFETCH(bool, ok);
    QFETCH(int, action);
    QFETCH(QString, user);
    QFETCH(QString, host);
    QFETCH(QString, errorPart);

    ClientOptions options;
    QString error;
    QCOMPARE(Tlclient::parseClientOptions(args, &options, &error), ok);
    if (ok) {
        QCOMPARE(int(options.action), action);
        QCOMPARE(options.user(), user);
        QCOMPARE(options.host(), host);
    } else {
        QVERIFY2(error.contains(errorPart), qPrintable(error));
    }
}

void TestTlClientOptions::shellQuote_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << "get"
                           << "get";
    QTest::newRow("geometry") << "1280x800"
                              << "1280x800";
    QTest::newRow("path") << "/opt/openvsm/bin/tl-session-helper"
                          << "/opt/openvsm/bin/tl-session-helper";
    QTest::newRow("space") << "xterm -e top"
                           << "'xterm -e top'";
    QTest::newRow("quote") << "it's"
                           << "'it'\\''s'";
    QTest::newRow("semicolon") << "a;rm -rf /"
                               << "'a;rm -rf /'";
    QTest::newRow("dollar") << "$HOME"
                            << "'$HOME'";
    QTest::newRow("empty") << ""
                           << "''";
}

void TestTlClientOptions::shellQuote()
{
    QFETCH(QString, word);
    QFETCH(QString, quoted);
    QCOMPARE(Tlclient::shellQuote(word), quoted);
}

void TestTlClientOptions::sshArguments()
{
    ClientOptions options;
    QString error;
    QVERIFY(Tlclient::parseClientOptions({ QStringLiteral("-o"), QStringLiteral("StrictHostKeyChecking=yes"),
                                           QStringLiteral("-p"), QStringLiteral("2222"),
                                           QStringLiteral("alice@tlha") },
                                         &options, &error));
    QCOMPARE(Tlclient::sshCommandArguments(options, options.target,
                                           { QStringLiteral("tl-session-helper"), QStringLiteral("get") }),
             args({ "-p", "2222", "-o", "StrictHostKeyChecking=yes", "-o", "ServerAliveInterval=3", "-o",
                    "ServerAliveCountMax=4", "-T", "--", "alice@tlha", "tl-session-helper get" }));
    QCOMPARE(
        Tlclient::sshTunnelArguments(options, options.targetFor(QStringLiteral("10.0.0.11")), 40000, 5910),
        args({ "-p", "2222", "-o", "StrictHostKeyChecking=yes", "-N", "-o", "ExitOnForwardFailure=yes", "-L",
               "127.0.0.1:40000:localhost:5910", "--", "alice@10.0.0.11" }));
}

// ssh's own messages (OpenSSH 9.2) when it exits 255: which of them --retry tries again after.
void TestTlClientOptions::sshFailureMayPass_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("mayPass");
    QTest::newRow("nothing listens") << "ssh: connect to host 10.0.0.10 port 22: Connection refused" << true;
    QTest::newRow("address not there yet")
        << "ssh: connect to host 10.0.0.10 port 22: No route to host" << true;
    QTest::newRow("connect timeout") << "ssh: connect to host 10.0.0.10 port 22: Connection timed out"
                                     << true;
    QTest::newRow("reset in the handshake")
        << "kex_exchange_identification: read: Connection reset by peer\r\n"
           "Connection reset by 10.0.0.10 port 22"
        << true;
    QTest::newRow("closed in the handshake")
        << "kex_exchange_identification: Connection closed by remote host\r\n"
           "Connection closed by 10.0.0.10 port 22"
        << true;
    QTest::newRow("reset during the call") << "Read from remote host tlha: Connection reset by peer" << true;
    QTest::newRow("keepalives unanswered") << "Timeout, server tlha not responding." << true;
    QTest::newRow("broken pipe") << "client_loop: send disconnect: Broken pipe" << true;
    QTest::newRow("login refused") << "alice@tlha: Permission denied (publickey)." << false;
    QTest::newRow("host key changed") << "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                                         "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                                         "Host key verification failed."
                                      << false;
    QTest::newRow("unknown host key") << "Host key verification failed." << false;
    QTest::newRow("no such host") << "ssh: Could not resolve hostname tlha: Name or service not known"
                                  << false;
    QTest::newRow("nothing said") << "" << false;
}

void TestTlClientOptions::sshFailureMayPass()
{
    QFETCH(QString, message);
    QFETCH(bool, mayPass);
    QCOMPARE(Tlclient::sshFailureMayPass(message), mayPass);
}

QTEST_GUILESS_MAIN(TestTlClientOptions)
#include "tst_tlclientoptions.moc"
