#pragma once

#include "shared/config/parameter.h"

#include <QList>
#include <QString>

namespace Config {

// The typed parameters one program reads, with defaults and documentation, in one place.
class Table {
public:
    Table() = default;
    explicit Table(const QString &name) : m_name(name) { }

    QString name() const { return m_name; }
    // Adds (or replaces, by path) a parameter.
    Table &add(const Parameter &parameter);
    // Adds every parameter of other.
    Table &add(const Table &other);

    const Parameter *find(const QString &path) const;
    bool contains(const QString &path) const { return find(path) != nullptr; }
    const QList<Parameter> &parameters() const { return m_parameters; }

private:
    QString m_name;
    QList<Parameter> m_parameters;
};

} // namespace Config
