#pragma once

#include <QString>
#include <QStringList>

namespace Agent {

// Splits text into words the way a POSIX shell would, without running anything: blanks
// separate words, 'single quotes' keep everything literally, "double quotes" keep blanks and
// honour \" \\ \$ \` escapes, a backslash outside quotes escapes the next character. No
// expansion of variables, globs or ~. Returns false with a reason (unterminated quote, trailing
// backslash) on malformed text, e.g. a broken /vsmagent/xserver_args.
bool splitShellWords(const QString &text, QStringList *words, QString *error);

} // namespace Agent
