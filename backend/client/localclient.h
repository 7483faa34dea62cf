#pragma once

#include "shared/protocol/message.h"

#include <QCborMap>
#include <QString>

#include <optional>

namespace Client {

// One request to the local vsmserver over its Unix socket, waiting for the answer in a local
// event loop: what tl-session-helper and tlctl use. Needs a QCoreApplication.
class LocalClient final {
public:
    enum class Status { Ok, Refused, Unreachable };

    struct Result {
        Status status = Status::Unreachable;
        QCborMap body;
        QString error; // why it was refused or could not be asked
    };

    static Result request(const QString &socketPath, const QString &program, Protocol::MessageType type,
                          const QCborMap &body, int timeoutMs);
};

} // namespace Client
