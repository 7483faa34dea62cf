#include "livechart.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

LiveChart::LiveChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

int LiveChart::addSeries(const QString &name, const QColor &color)
{
    m_series.append(Series { name, color, {} });
    update();
    return static_cast<int>(m_series.size() - 1);
}

void LiveChart::addSample(int series, double value)
{
    if (series < 0 || series >= m_series.size())
        return;
    QList<double> &v = m_series[series].values;
    v.append(value);
    while (v.size() > Capacity)
        v.removeFirst();
    update();
}

void LiveChart::addGap(int series)
{
    addSample(series, std::numeric_limits<double>::quiet_NaN());
}

bool LiveChart::lastIsGap(int series) const
{
    const auto &v = m_series.value(series).values;
    return !v.isEmpty() && std::isnan(v.last());
}

void LiveChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

double LiveChart::lastValue(int series) const
{
    const auto &v = m_series.value(series).values;
    return v.isEmpty() ? 0.0 : v.last();
}

void LiveChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().mid().color());
    p.drawRect(rect().adjusted(0, 0, -1, -1));

    const QFontMetrics fm = fontMetrics();
    const int top = fm.height() + 6;
    const QRect plot = rect().adjusted(8, top, -8, -8);
    double maxValue = 1.0;
    for (const Series &s : std::as_const(m_series)) {
        for (double v : s.values) {
            if (!std::isnan(v))
                maxValue = std::max(maxValue, v);
        }
    }
    maxValue *= 1.1;

    int x = 8;
    p.setPen(palette().text().color());
    if (!m_title.isEmpty()) {
        p.drawText(x, fm.ascent() + 3, m_title);
        x += fm.horizontalAdvance(m_title) + 12;
    }
    for (const Series &s : std::as_const(m_series)) {
        const QString label = s.values.isEmpty() ? s.name
            : std::isnan(s.values.last())        ? QStringLiteral("%1: –").arg(s.name)
                                                 : QStringLiteral("%1: %2").arg(s.name).arg(s.values.last());
        p.setPen(s.color);
        p.drawText(x, fm.ascent() + 3, label);
        x += fm.horizontalAdvance(label) + 12;
    }
    p.setPen(QPen(palette().mid().color(), 1, Qt::DotLine));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawText(plot.left() + 2, plot.top() + fm.ascent(), QString::number(maxValue / 1.1, 'g', 4));

    for (const Series &s : std::as_const(m_series)) {
        if (s.values.size() < 2)
            continue;
        QPainterPath path;
        const double step = plot.width() / std::max(1.0, double(Capacity - 1));
        const double x0 = plot.right() - step * double(s.values.size() - 1);
        bool pen = false; // false: the next point starts a new piece (first point, after a gap)
        for (int i = 0; i < s.values.size(); ++i) {
            if (std::isnan(s.values[i])) {
                pen = false;
                continue;
            }
            const QPointF pt(x0 + step * i, plot.bottom() - plot.height() * (s.values[i] / maxValue));
            if (pen) {
                path.lineTo(pt);
            } else {
                path.moveTo(pt);
                path.addEllipse(pt, 1.0, 1.0); // a lone sample between gaps stays visible
                path.moveTo(pt);
            }
            pen = true;
        }
        p.setPen(QPen(s.color, 2));
        p.drawPath(path);
    }
}
