#pragma once

#include <QString>
#include <QStringList>

// Helpers that read hiveconf values and names. Hiveconf stores every value as text; these
// functions give it a type. They are the only place that knows the value syntax.
namespace Hiveconf {

// 1/0, true/false, yes/no (any case, surrounding spaces ignored). *ok is false on anything else.
bool toBool(const QString &value, bool *ok);

// A decimal integer with an optional sign (surrounding spaces ignored). *ok is false otherwise.
qint64 toInt(const QString &value, bool *ok);

// A space-separated list: any run of spaces or tabs separates items, empty items are dropped.
QStringList toList(const QString &value);

// Joins list items the way hiveconf files write them: one space between items.
QString fromList(const QStringList &items);

// True when name is a valid parameter or folder name component: letters, digits, '_', '-', '.'.
bool isValidName(QStringView name);

// True when relative is valid names joined by single slashes ("name", "sub/name"): a parameter
// key, or a path without its leading '/', in the form normalizePath gives.
bool isNormalRelativePath(QStringView relative);

// Normalises a folder or parameter path: leading '/', no trailing '/', no empty or '.'
// components. Returns an empty string when a component is not a valid name (or is "..").
// "/" stays "/".
QString normalizePath(const QString &path);

// "/a/b/c" -> "/a/b"; "/a" -> "/"; "/" -> "/".
QString parentPath(const QString &path);

// "/a/b/c" -> "c".
QString baseName(const QString &path);

// Joins a folder and a relative path: ("/a", "b/c") -> "/a/b/c", ("/", "b") -> "/b".
QString joinPath(const QString &folder, const QString &relative);

// True when path equals folder or lies below it.
bool isUnder(const QString &path, const QString &folder);

} // namespace Hiveconf
