#include "gui/console/serverreason.h"

#include "shared/protocol/adminmessages.h"

namespace Console {

namespace {

struct Known {
    const char *code;
    int args;
    const char *text; // %1, %2: the arguments in order
};

const Known KnownReasons[] = {
    { "loopback_with_ha", 1,
      QT_TRANSLATE_NOOP("Console::ServerReason",
                        "The node refuses %1 while HA is on: a loopback address names a "
                        "different agent on each node. Use the agent's unique host name.") },
    { "listed_twice", 2,
      QT_TRANSLATE_NOOP("Console::ServerReason", "%1 is listed twice (as %2); remove one.") },
    { "wrong_password", 0, QT_TRANSLATE_NOOP("Console::ServerReason", "Wrong admin password.") },
    { "agent_unreachable", 1,
      QT_TRANSLATE_NOOP("Console::ServerReason", "Agent %1 does not answer this node.") },
    { "not_allowed", 1,
      QT_TRANSLATE_NOOP("Console::ServerReason",
                        "Agent %1 does not allow this node: it is not in its allowed_clients, or "
                        "the node could not prove it is root.") },
};

} // namespace

QString ServerReason::text(const QCborMap &body, const QString &english)
{
    const auto reason = Protocol::AdminReason::fromCbor(body, nullptr);
    if (!reason)
        return english;
    for (const Known &k : KnownReasons) {
        if (reason->code != QLatin1String(k.code) || reason->args.size() != k.args)
            continue;
        QString said = tr(k.text);
        // Untranslated (English, or a language without this text): the node's words say more.
        if (said == QLatin1String(k.text))
            return english;
        for (const QString &arg : reason->args)
            said = said.arg(arg);
        return said;
    }
    return english;
}

} // namespace Console
