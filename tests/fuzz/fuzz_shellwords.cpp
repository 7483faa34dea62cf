// libFuzzer target for /vsmagent/xserver_args splitting: Agent::splitShellWords of arbitrary text.
// What it accepts, quoted back as a shell would need it, splits into the same words again.
#include "backend/agent/shellwords.h"
#include "tests/fuzz/check.h"

namespace {

// 'word' with every ' written as '\''.
QString singleQuoted(const QString &word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// "word" with \ " $ ` escaped.
QString doubleQuoted(const QString &word)
{
    QString quoted;
    for (const QChar c : word) {
        if (c == QLatin1Char('\\') || c == QLatin1Char('"') || c == QLatin1Char('$') || c == QLatin1Char('`'))
            quoted += QLatin1Char('\\');
        quoted += c;
    }
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

void checkQuoted(const QStringList &words, QString (*quote)(const QString &), const char *what)
{
    QStringList quoted;
    for (const QString &word : words)
        quoted.append(quote(word));
    QStringList again;
    QString error;
    FUZZ_CHECK(Agent::splitShellWords(quoted.join(QLatin1Char(' ')), &again, &error), what);
    FUZZ_CHECK(again == words, what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(Fuzz::bytes(data, size));
    QStringList words { QStringLiteral("stale") };
    QString error;
    if (!Agent::splitShellWords(text, &words, &error)) {
        FUZZ_CHECK(!error.isEmpty(), "a refusal has a reason");
        return 0;
    }
    qsizetype characters = 0;
    for (const QString &word : words)
        characters += word.size();
    FUZZ_CHECK(characters <= text.size(), "words hold no more characters than the text");
    bool blank = true;
    for (const QChar c : text)
        blank = blank && (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n'));
    FUZZ_CHECK(!blank || words.isEmpty(), "blank text has no words");
    checkQuoted(words, singleQuoted, "single-quoted words split into the same words");
    checkQuoted(words, doubleQuoted, "double-quoted words split into the same words");
    // Splitting the words joined by single spaces is the identity when no word needs quoting.
    static const QString special = QStringLiteral(" \t\n'\"\\");
    bool plain = true;
    for (const QString &word : words) {
        plain = plain && !word.isEmpty();
        for (const QChar c : word)
            plain = plain && !special.contains(c);
    }
    if (plain) {
        QStringList again;
        FUZZ_CHECK(Agent::splitShellWords(words.join(QLatin1Char(' ')), &again, &error) && again == words,
                   "plain words split back as they are");
    }
    return 0;
}
