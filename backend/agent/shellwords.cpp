#include "backend/agent/shellwords.h"

namespace Agent {

bool splitShellWords(const QString &text, QStringList *words, QString *error)
{
    words->clear();
    QString current;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;
    qsizetype quoteStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (quote) {
        case Quote::Single:
            if (c == QLatin1Char('\''))
                quote = Quote::None;
            else
                current += c;
            break;
        case Quote::Double:
            if (c == QLatin1Char('"')) {
                quote = Quote::None;
            } else if (c == QLatin1Char('\\') && i + 1 < text.size()
                       && QStringLiteral("\"\\$`").contains(text.at(i + 1))) {
                current += text.at(++i);
            } else {
                current += c;
            }
            break;
        case Quote::None:
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n')) {
                if (inWord) {
                    words->append(current);
                    current.clear();
                    inWord = false;
                }
            } else if (c == QLatin1Char('\'')) {
                quote = Quote::Single;
                quoteStart = i;
                inWord = true;
            } else if (c == QLatin1Char('"')) {
                quote = Quote::Double;
                quoteStart = i;
                inWord = true;
            } else if (c == QLatin1Char('\\')) {
                if (i + 1 >= text.size()) {
                    if (error)
                        *error = QStringLiteral("a backslash at the end has nothing to escape");
                    return false;
                }
                current += text.at(++i);
                inWord = true;
            } else {
                current += c;
                inWord = true;
            }
            break;
        }
    }
    if (quote != Quote::None) {
        if (error)
            *error = QStringLiteral("the %1 quote at character %2 is never closed")
                         .arg(quote == Quote::Single ? QStringLiteral("single") : QStringLiteral("double"))
                         .arg(quoteStart + 1);
        return false;
    }
    if (inWord)
        words->append(current);
    return true;
}

} // namespace Agent
