#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace Posix {

// Unix signals delivered to the event loop: the handler only writes the signal number to a
// socket pair; a QSocketNotifier reads it and emits received() in the main thread.
class UnixSignals final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignals)

public:
    explicit UnixSignals(QObject *parent = nullptr);
    ~UnixSignals() override;

    // Installs handlers for signals. Only one UnixSignals may be installed per process.
    bool install(const QList<int> &signalNumbers, QString *error);

Q_SIGNALS:
    void received(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signals;
};

} // namespace Posix
