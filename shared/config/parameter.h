#pragma once

#include <QString>
#include <QStringList>

namespace Config {

// How a parameter's text is read and checked.
enum class Type {
    String, // any text
    Bool, // 1/0, true/false, yes/no
    Int, // decimal integer in [min, max]
    Port, // TCP port 1-65535
    List, // space-separated items
    Path, // a file or program path (any text; empty often means "not set")
    Enum, // one of choices (any case)
    Mode, // octal permission bits, e.g. 0700
    Geometry, // "W H" or "WxH", e.g. "1024 768"
    Address, // an IPv4 or IPv6 address literal, e.g. 127.0.0.1 or ::1 (no name: it is bound)
};

// One parameter a program reads: where it lives, its type, default and meaning.
struct Parameter {
    QString path; // "/vsmagent/display_min"
    Type type = Type::String;
    QString defaultValue; // as it would be written in a .hconf file
    QString doc; // one line: what it means
    qint64 min = 0, max = 0; // Int: the allowed range
    QStringList choices; // Enum: the allowed values (canonical spelling)
};

// The name of a type as messages show it.
QString typeName(Type type);

} // namespace Config
