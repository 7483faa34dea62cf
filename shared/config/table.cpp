#include "shared/config/table.h"

#include "shared/hiveconf/value.h"

namespace Config {

QString typeName(Type type)
{
    switch (type) {
    case Type::String:
        return QStringLiteral("string");
    case Type::Bool:
        return QStringLiteral("boolean");
    case Type::Int:
        return QStringLiteral("integer");
    case Type::Port:
        return QStringLiteral("port");
    case Type::List:
        return QStringLiteral("list");
    case Type::Path:
        return QStringLiteral("path");
    case Type::Enum:
        return QStringLiteral("choice");
    case Type::Mode:
        return QStringLiteral("octal mode");
    case Type::Geometry:
        return QStringLiteral("geometry");
    case Type::Address:
        return QStringLiteral("IP address");
    }
    return QStringLiteral("value");
}

Table &Table::add(const Parameter &parameter)
{
    for (Parameter &existing : m_parameters) {
        if (existing.path == parameter.path) {
            existing = parameter;
            return *this;
        }
    }
    m_parameters.append(parameter);
    return *this;
}

Table &Table::add(const Table &other)
{
    for (const Parameter &parameter : other.parameters())
        add(parameter);
    return *this;
}

const Parameter *Table::find(const QString &path) const
{
    const QString normalized = Hiveconf::normalizePath(path);
    for (const Parameter &parameter : m_parameters) {
        if (parameter.path == normalized)
            return &parameter;
    }
    return nullptr;
}

} // namespace Config
