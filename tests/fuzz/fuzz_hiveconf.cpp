// libFuzzer target for hiveconf documents: Hiveconf::Document::parse of arbitrary bytes, then the
// writes tl-config makes (setValue, insertParameter) on what it accepted. A write changes only what
// it must: the document still parses, the parameter reads back as written and every other
// parameter keeps its value.
#include "shared/hiveconf/document.h"
#include "shared/hiveconf/value.h"
#include "tests/fuzz/check.h"

#include <QMap>

namespace {

const QString fileName = QStringLiteral("fuzz.hconf");

// What the document means: every parameter path and the value of its last definition.
QMap<QString, QString> parameters(const Hiveconf::Document &document)
{
    QMap<QString, QString> result;
    for (const Hiveconf::Document::Line &line : document.lines()) {
        if (line.kind == Hiveconf::Document::Line::Kind::Parameter)
            result.insert(Hiveconf::Document::parameterPath(line), line.value);
    }
    return result;
}

bool sameLines(const Hiveconf::Document &a, const Hiveconf::Document &b)
{
    if (a.lines().size() != b.lines().size())
        return false;
    for (qsizetype i = 0; i < a.lines().size(); ++i) {
        const Hiveconf::Document::Line &x = a.lines().at(i);
        const Hiveconf::Document::Line &y = b.lines().at(i);
        if (x.kind != y.kind || x.raw != y.raw || x.folder != y.folder || x.key != y.key || x.value != y.value
            || x.valueOffset != y.valueOffset)
            return false;
    }
    return true;
}

Hiveconf::Document reparse(const Hiveconf::Document &document, const char *what)
{
    Hiveconf::Document again;
    QString error;
    const bool parsed = again.parse(fileName, document.toBytes(), &error);
    if (!parsed)
        std::fprintf(stderr, "%s: %s\n", what, qPrintable(error));
    FUZZ_CHECK(parsed, what);
    return again;
}

// Sets (or adds) relativePath = value as Hiveconf::Tree does and checks the result.
void checkWrite(const Hiveconf::Document &original, const QString &relativePath, const QString &value)
{
    Hiveconf::Document document = original;
    QMap<QString, QString> expected = parameters(original);
    const int existing = document.findParameter(relativePath);
    if (existing >= 0)
        document.setValue(existing, value);
    else
        document.insertParameter(relativePath, value);
    expected.insert(relativePath, value);
    const Hiveconf::Document written = reparse(document, "a document still parses after a write");
    FUZZ_CHECK(parameters(written) == expected, "a write changes only the parameter written");
    if (existing >= 0)
        FUZZ_CHECK(written.lines().size() == original.lines().size(), "setting a value adds no line");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = Fuzz::bytes(data, size);
    Hiveconf::Document document;
    QString error;
    if (!document.parse(fileName, bytes, &error)) {
        FUZZ_CHECK(error.startsWith(fileName + QLatin1Char(':')), "a refusal says FILE:LINE: why");
        FUZZ_CHECK(document.lines().isEmpty(), "a refused document is empty");
        return 0;
    }
    // Kept byte for byte, and parsing what it gives back yields the same lines.
    FUZZ_CHECK(document.toBytes() == bytes, "a parsed document gives back its bytes");
    FUZZ_CHECK(sameLines(document, reparse(document, "a parsed document parses again")),
               "a parsed document parses the same way again");

    QString lastFolder;
    for (const Hiveconf::Document::Line &line : document.lines()) {
        FUZZ_CHECK(line.folder == Hiveconf::normalizePath(line.folder) && !line.folder.isEmpty(),
                   "every line lives in a normalised folder");
        if (line.kind == Hiveconf::Document::Line::Kind::Section)
            lastFolder = line.folder;
        if (line.kind != Hiveconf::Document::Line::Kind::Parameter)
            continue;
        const QString path = Hiveconf::Document::parameterPath(line);
        FUZZ_CHECK(!path.isEmpty() && path != QLatin1String("/") && path == Hiveconf::normalizePath(path),
                   "a parameter has a normalised path");
        FUZZ_CHECK(line.value == line.value.trimmed(), "a value is trimmed");
        FUZZ_CHECK(line.valueOffset >= 0 && line.valueOffset <= line.raw.size()
                       && line.raw.mid(line.valueOffset).startsWith(line.value.toUtf8()),
                   "valueOffset points at the value in the raw line");
    }

    // The writes tl-config makes: change the last parameter; add one at the top, one to the
    // last section and one in a new section.
    const QString value = QStringLiteral("fuzz value");
    for (qsizetype i = document.lines().size() - 1; i >= 0; --i) {
        const Hiveconf::Document::Line &line = document.lines().at(i);
        if (line.kind == Hiveconf::Document::Line::Kind::Parameter) {
            checkWrite(document, Hiveconf::Document::parameterPath(line), value);
            break;
        }
    }
    checkWrite(document, QStringLiteral("/fuzz_top"), value);
    if (!lastFolder.isEmpty())
        checkWrite(document, Hiveconf::joinPath(lastFolder, QStringLiteral("fuzz_added")), value);
    checkWrite(document, QStringLiteral("/fuzz_new/section/param"), value);
    return 0;
}
