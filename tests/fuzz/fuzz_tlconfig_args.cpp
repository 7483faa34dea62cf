// libFuzzer target for the tl-config command line: Config::CommandLine::parse of arbitrary
// arguments (the input split at NUL bytes), without reading or writing any file. What it accepts is
// canonical (normalised paths, trimmed one-line values, valid for known parameters), parses the same
// way when written out again, and reads back as written from a hiveconf document.
#include "shared/config/commandline.h"
#include "shared/config/tables.h"
#include "shared/config/values.h"
#include "shared/hiveconf/document.h"
#include "shared/hiveconf/value.h"
#include "tests/fuzz/check.h"

namespace {

const QString configFile = QStringLiteral("/etc/openvsm/openvsm.hconf");

// A small configuration in the shipped layout, to write accepted assignments into.
const QByteArray configuration = "# OpenVSM\n"
                                 "[/vsm]\n"
                                 "vsm_server_port=9000\n"
                                 "\n"
                                 "[/vsmagent]\n"
                                 "master_hostname=tlha\n"
                                 "allowed_clients=tlha-primary tlha-secondary\n"
                                 "xserver_args=-br -verbose 3\n"
                                 "\n"
                                 "[/vsmserver/HA]\n"
                                 "enabled=0\n";

bool sameRequests(const QList<Config::ConfigRequest> &a, const QList<Config::ConfigRequest> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).path != b.at(i).path || a.at(i).value != b.at(i).value
            || a.at(i).assignment != b.at(i).assignment)
            return false;
    }
    return true;
}

void checkAssignment(const Config::ConfigRequest &request)
{
    FUZZ_CHECK(request.path == Hiveconf::normalizePath(request.path) && request.path != QLatin1String("/"),
               "an assignment has a normalised parameter path");
    FUZZ_CHECK(request.value == request.value.trimmed(), "an assigned value is trimmed");
    FUZZ_CHECK(!request.value.contains(QLatin1Char('\n')) && !request.value.contains(QLatin1Char('\r')),
               "an assigned value is one line");
    if (const Config::Parameter *known = Config::findKnownParameter(request.path)) {
        QString why;
        QString canonical;
        FUZZ_CHECK(Config::Values::validate(*known, request.value, &why, &canonical),
                   "an accepted value is valid for its parameter");
        QString again;
        FUZZ_CHECK(Config::Values::validate(*known, canonical, &why, &again) && again == canonical,
                   "a canonical value is valid and its own canonical form");
    }
}

// Writes every accepted assignment as Hiveconf::Tree does and reads them back.
void checkWritten(const QList<Config::ConfigRequest> &requests)
{
    Hiveconf::Document document;
    QString error;
    FUZZ_CHECK(document.parse(configFile, configuration, &error), "the sample configuration parses");
    QList<Config::ConfigRequest> assignments;
    for (const Config::ConfigRequest &request : requests) {
        if (!request.assignment)
            continue;
        assignments.append(request);
        const int line = document.findParameter(request.path);
        if (line >= 0)
            document.setValue(line, request.value);
        else
            document.insertParameter(request.path, request.value);
    }
    if (assignments.isEmpty())
        return;
    Hiveconf::Document written;
    FUZZ_CHECK(written.parse(configFile, document.toBytes(), &error), "the written configuration parses");
    for (const Config::ConfigRequest &request : std::as_const(assignments)) {
        // The last assignment to a path wins, as in Tree::set.
        QString expected;
        for (const Config::ConfigRequest &other : std::as_const(assignments)) {
            if (other.path == request.path)
                expected = other.value;
        }
        const int line = written.findParameter(request.path);
        FUZZ_CHECK(line >= 0 && written.lines().at(line).value == expected,
                   "an assignment reads back as written");
    }
}

// The command line that asks for the same thing: options, then "--" and every request.
QStringList render(const Config::CommandLine &line)
{
    QStringList arguments { QStringLiteral("tl-config") };
    if (line.recursive)
        arguments.append(QStringLiteral("-R"));
    if (line.exportFormat)
        arguments.append(QStringLiteral("-x"));
    if (line.listing)
        arguments.append(QStringLiteral("-a"));
    if (line.importFile)
        arguments.append(QStringLiteral("--import=") + *line.importFile);
    arguments.append(QStringLiteral("--"));
    for (const Config::ConfigRequest &request : line.requests)
        arguments.append(request.assignment ? request.path + QLatin1Char('=') + request.value : request.path);
    return arguments;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QStringList arguments { QStringLiteral("tl-config") };
    const QByteArray input = Fuzz::bytes(data, size);
    if (!input.isEmpty()) {
        for (const QByteArray &argument : input.split('\0'))
            arguments.append(QString::fromUtf8(argument));
    }
    const Config::CommandLine line = Config::CommandLine::parse(arguments, configFile);
    switch (line.action) {
    case Config::CommandLine::Action::Usage:
        FUZZ_CHECK(!line.errors.isEmpty() && line.requests.isEmpty(), "bad usage says why and does nothing");
        return 0;
    case Config::CommandLine::Action::Help:
        FUZZ_CHECK(!line.helpText.isEmpty(), "help has a text");
        return 0;
    case Config::CommandLine::Action::Version:
        return 0;
    case Config::CommandLine::Action::Run:
        break;
    }
    FUZZ_CHECK(!line.requests.isEmpty() || line.importFile || !line.errors.isEmpty(),
               "a run has something to do");
    for (const Config::ConfigRequest &request : line.requests) {
        if (request.assignment) {
            FUZZ_CHECK(!line.listing, "nothing is set while listing");
            checkAssignment(request);
        } else {
            FUZZ_CHECK(!request.path.contains(QLatin1Char('=')), "a read has no '='");
            FUZZ_CHECK(request.path == request.path.trimmed(), "a read path is trimmed");
        }
    }
    if (!line.errors.isEmpty())
        return 0;
    checkWritten(line.requests);

    const Config::CommandLine again = Config::CommandLine::parse(render(line), configFile);
    FUZZ_CHECK(again.action == Config::CommandLine::Action::Run && again.errors.isEmpty()
                   && again.recursive == line.recursive && again.exportFormat == line.exportFormat
                   && again.listing == line.listing && again.importFile == line.importFile
                   && sameRequests(again.requests, line.requests),
               "the command line written back parses the same way");
    return 0;
}
