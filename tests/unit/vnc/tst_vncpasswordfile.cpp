#include "shared/vnc/passwordfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

class TestVncPasswordFile : public QObject {
    Q_OBJECT

private slots:
    void writeAndRead()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("passwd"));
        QString error;
        QVERIFY2(Vnc::PasswordFile::write(path, "Abc12345", &error), qPrintable(error));
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, 0600u);
        QCOMPARE(st.st_size, 8);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), Vnc::PasswordFile::obfuscate("Abc12345"));
        QByteArray back;
        QVERIFY2(Vnc::PasswordFile::read(path, &back, &error), qPrintable(error));
        QCOMPARE(back, QByteArray("Abc12345"));
    }

    void refusesExistingFileAndSymlink()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("passwd"));
        QString error;
        QVERIFY(Vnc::PasswordFile::write(path, "one", &error));
        QVERIFY(!Vnc::PasswordFile::write(path, "two", &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        const QString target = dir.filePath(QStringLiteral("target"));
        const QString link = dir.filePath(QStringLiteral("link"));
        QVERIFY(QFile::link(target, link));
        QVERIFY(!Vnc::PasswordFile::write(link, "three", &error));
        QVERIFY(!QFile::exists(target));
    }

    void ownerHandedOver()
    {
        if (::getuid() != 0)
            QSKIP("needs root: hands the file to another user");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("passwd"));
        QString error;
        QVERIFY2(Vnc::PasswordFile::write(path, "pw", &error, 65534, 65534), qPrintable(error));
        struct stat st { };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_uid, 65534u);
        QCOMPARE(st.st_gid, 65534u);
        QCOMPARE(st.st_mode & 07777, 0600u);
    }

    void shortFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("short"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("abc");
        f.close();
        QByteArray pw;
        QString error;
        QVERIFY(!Vnc::PasswordFile::read(path, &pw, &error));
        QVERIFY2(error.contains(QStringLiteral("too short")), qPrintable(error));
        QVERIFY(!Vnc::PasswordFile::read(dir.filePath(QStringLiteral("missing")), &pw, &error));
    }
};

QTEST_GUILESS_MAIN(TestVncPasswordFile)
#include "tst_vncpasswordfile.moc"
