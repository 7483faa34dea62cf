#pragma once

#include "shared/config/table.h"

#include <QHash>
#include <QSize>
#include <QString>
#include <QStringList>

namespace Hiveconf {
class Tree;
}

namespace Config {

// The validated values of one table: what a program reads at start. Every parameter has a
// value (the configured one when valid, else the default); getters never fail.
class Values {
public:
    // Reads every parameter of table from tree. Each bad value adds exactly one line to
    // *errors, "PARAM: why (got 'x')", and that parameter keeps its default.
    static Values load(const Table &table, const Hiveconf::Tree &tree, QStringList *errors);
    // Every parameter at its default.
    static Values defaults(const Table &table);

    // Checks text against parameter. Returns true and the canonical text (trimmed; enum in its
    // canonical spelling; list with single spaces) in *canonical, or false and *why, which says
    // what is allowed (without the parameter name).
    static bool validate(const Parameter &parameter, const QString &text, QString *why,
                         QString *canonical = nullptr);

    // Parameters set in tree below folder (e.g. "/vsmagent") that table does not know: most
    // likely misspelt names, worth a warning at start.
    static QStringList unknownParameters(const Table &table, const Hiveconf::Tree &tree,
                                         const QString &folder);

    bool contains(const QString &path) const { return m_values.contains(path); }
    QString string(const QString &path) const;
    bool boolean(const QString &path) const;
    qint64 integer(const QString &path) const; // Int and Port
    QStringList list(const QString &path) const;
    int mode(const QString &path) const;
    QSize geometry(const QString &path) const;

private:
    QString raw(const QString &path) const;

    QHash<QString, QString> m_values; // path -> validated canonical text
};

} // namespace Config
