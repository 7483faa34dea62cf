#pragma once

#include <QCborMap>
#include <QCoreApplication>
#include <QString>

namespace Console {

// A node's refusal in the console's language: the error reply's body carries the reason as a
// code with arguments (Protocol::AdminReason); the codes the console knows are translated, the
// rest (and every reason while the console speaks English) is the node's own English text.
class ServerReason final {
    Q_DECLARE_TR_FUNCTIONS(Console::ServerReason)

public:
    static QString text(const QCborMap &body, const QString &english);
};

} // namespace Console
