#pragma once

#include "shared/hiveconf/document.h"

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace Hiveconf {

// A root hiveconf file plus everything it %mounts, in mount order.
//
// "%mount PATTERN" mounts files at the folder of the section it appears in ("/" at the top).
// PATTERN is relative to the mounting file's folder; its file name part may hold the wildcards
// * ? [..] (e.g. "conf.d/*.hconf"), in which case the matching files are mounted in sorted
// order and no match is fine. A plain name that does not exist is an error.
//
// Files are read in order, a mount taking effect at its line. When a parameter is defined more
// than once, the definition read last wins, and a write changes that definition's line.
class Tree {
public:
    using Assignment = QPair<QString, QString>; // parameter path, value

    // Reads rootFile and its mounts. On failure *error is "FILE:LINE: what is wrong" and the
    // tree is left empty.
    bool load(const QString &rootFile, QString *error);

    QString rootFile() const { return m_rootFile; }
    // Every file read, in mount order (the root file first).
    QStringList files() const;

    // The value of the parameter at path ("/vsmagent/display_min"), if it is defined.
    std::optional<QString> value(const QString &path) const;
    bool contains(const QString &path) const;
    // The file and 1-based line that define path, e.g. for messages; empty when undefined.
    QString definedAt(const QString &path) const;
    // True when folder holds a parameter or a section somewhere below it.
    bool isFolder(const QString &folder) const;

    // Parameter paths in folder, sorted; with recursive, also those in its subfolders.
    QStringList entries(const QString &folder, bool recursive) const;
    // Subfolders directly in folder (full paths, sorted).
    QStringList folders(const QString &folder) const;

    // Sets path to value in the file that defines it, changing only that line; a new
    // parameter goes into the file that has the folder's section (or the nearest ancestor's),
    // into that section, or into a new section. Atomic and serialised against other writers:
    // takes an exclusive lock on a lock file next to the root file, re-reads the tree under
    // it, writes, and only then releases it. On failure nothing is written and *error says why.
    bool set(const QString &path, const QString &value, QString *error);
    // Several assignments under one lock; each changed file is written once.
    bool set(const QList<Assignment> &assignments, QString *error);

    // The lock file used by set(): "<root folder>/.<root file name>.lock".
    static QString lockFileFor(const QString &rootFile);

private:
    struct Mounted {
        Document document;
        QString mountPoint; // absolute folder the document's paths are relative to
    };
    struct Definition {
        int document = -1;
        int line = -1;
    };

    bool loadDocument(const QString &fileName, const QString &mountPoint, QStringList *stack, QString *error);
    bool apply(const QList<Assignment> &assignments, QString *error);
    int documentForNewParameter(const QString &path) const;
    static QString absolute(const Mounted &mounted, const QString &relative);

    QString m_rootFile;
    QList<Mounted> m_documents;
    QMap<QString, Definition> m_parameters; // path -> the definition that wins
    QMap<QString, QList<int>> m_sections; // absolute folder -> documents with such a section
};

} // namespace Hiveconf
