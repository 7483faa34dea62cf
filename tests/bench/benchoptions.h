#pragma once

// The benchmarks' command lines: a number that is not one, or a folder that cannot hold the
// stores, stops the benchmark with a line saying which option was wrong, instead of a run that
// measures nothing (a count of 0) or ends without a word.

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <cstdlib>

namespace BenchOptions {

// Prints "PROGRAM: WHY" and the hint to --help, and ends the process with status 2 (bad usage).
[[noreturn]] inline void usageError(const QString &why)
{
    std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", qPrintable(QCoreApplication::applicationName()),
                 qPrintable(why), qPrintable(QCoreApplication::applicationName()));
    std::exit(2);
}

// The option's value as a whole number of at least min; the fallback when it is not given.
inline int count(const QCommandLineParser &parser, const QCommandLineOption &option, int min, int fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < min)
        usageError(QStringLiteral("--%1 needs a whole number of %2 or more, not '%3'")
                       .arg(option.names().constFirst())
                       .arg(min)
                       .arg(parser.value(option)));
    return value;
}

// The option's value as a number of 0 or more; the fallback when it is not given.
inline double amount(const QCommandLineParser &parser, const QCommandLineOption &option, double fallback)
{
    if (!parser.isSet(option))
        return fallback;
    bool ok = false;
    const double value = parser.value(option).toDouble(&ok);
    if (!ok || value < 0)
        usageError(QStringLiteral("--%1 needs a number of 0 or more, not '%2'")
                       .arg(option.names().constFirst(), parser.value(option)));
    return value;
}

// The option's value as a list of whole numbers of at least min, separated by commas.
inline QList<int> counts(const QCommandLineParser &parser, const QCommandLineOption &option, int min,
                         const QList<int> &fallback)
{
    if (!parser.isSet(option))
        return fallback;
    QList<int> values;
    for (const QString &item : parser.value(option).split(QLatin1Char(','))) {
        bool ok = false;
        const int value = item.trimmed().toInt(&ok);
        if (!ok || value < min)
            usageError(QStringLiteral("--%1 needs whole numbers of %2 or more separated by commas, not '%3'")
                           .arg(option.names().constFirst())
                           .arg(min)
                           .arg(parser.value(option)));
        values.append(value);
    }
    return values;
}

// A folder given for the stores: it must exist and be writable (the benchmark makes its own
// folder inside it).
inline QString folder(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    const QString dir = parser.value(option);
    if (dir.isEmpty())
        return dir;
    const QFileInfo info(dir);
    if (!info.isDir())
        usageError(QStringLiteral("--%1 %2: no such folder; make it first, or leave the option out for one "
                                  "under $TMPDIR")
                       .arg(option.names().constFirst(), dir));
    if (!info.isWritable())
        usageError(
            QStringLiteral("--%1 %2: not writable by this user").arg(option.names().constFirst(), dir));
    return dir;
}

} // namespace BenchOptions
