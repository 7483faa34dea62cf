#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Hiveconf {

// One hiveconf file, kept line by line so that a write changes only the lines it must and
// every other byte (comments, blank lines, spacing, line endings) stays as it was.
//
// Syntax, one item per line (leading and trailing white space ignored):
//   # comment                  also blank lines
//   [/folder/path]             section header; following parameters live in that folder
//   name = value               a parameter; spaces around '=' allowed, the value runs to the end
//                              of the line; name may contain '/' to reach a subfolder
//   %mount PATTERN             mounts other files at the current folder (see Tree)
// Folders in a document are relative to the folder it is mounted at; the file itself is UTF-8.
class Document {
public:
    struct Line {
        enum class Kind { Blank, Comment, Section, Parameter, Mount };
        Kind kind = Kind::Blank;
        QByteArray raw; // the bytes of the line, including its line terminator
        QString folder; // Section: the folder it opens; Parameter/Mount: the current folder
        QString key; // Parameter: the name as written (relative to folder)
        QString value; // Parameter: the value; Mount: the pattern
        qsizetype valueOffset = 0; // Parameter: byte offset of the value within raw
    };

    // Reads and parses fileName. On failure *error is "FILE:LINE: what is wrong" (or
    // "FILE: why it cannot be read") and the document is left empty.
    bool load(const QString &fileName, QString *error);
    // Parses bytes as the content of fileName (used in messages and for saving).
    bool parse(const QString &fileName, const QByteArray &bytes, QString *error);

    QString fileName() const { return m_fileName; }
    const QList<Line> &lines() const { return m_lines; }
    QByteArray toBytes() const;

    // Index of the parameter line that defines relative path (e.g. "/vsmagent/display_min")
    // last in this file, or -1.
    int findParameter(const QString &relativePath) const;
    // True when a [section] for the relative folder exists in this file.
    bool hasSection(const QString &relativeFolder) const;

    // Replaces the value of parameter line index, keeping the bytes before the value.
    void setValue(int index, const QString &value);
    // Adds relativePath=value and returns the index of its line: after the last parameter of the last
    // [folder] section when the file has one, else in a new [folder] section appended at the end of the file.
    int insertParameter(const QString &relativePath, const QString &value);

    // Writes the document back to fileName atomically: a temporary file in the same folder,
    // with the original's mode and owner, fsync, rename over the original, fsync the folder.
    bool save(QString *error) const;

    // Path of parameter line index relative to the document's mount point.
    static QString parameterPath(const Line &line);

private:
    // Classifies line->raw and fills the fields of its kind; the reason when it is wrong.
    static QString parseLine(Line *line);
    static QString parseSection(const QString &trimmed, Line *line);
    static QString parseDirective(const QString &trimmed, Line *line);
    static QString parseParameter(const QString &text, qsizetype skip, Line *line);
    QString lineEnding() const;

    QString m_fileName;
    QList<Line> m_lines;
};

} // namespace Hiveconf
