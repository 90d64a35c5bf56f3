import type { WidgetStrings } from '../index.ts';

/** Strings of CrossEntropyExplorer, in Chinese. */
export const crossEntropyExplorer: WidgetStrings['crossEntropyExplorer'] = {
  target: '目标值',
  predicted: '预测值',
  predictedTyped: '预测值（输入）',
  confidence: '置信度',
  percent: (percent) => `${percent}%`,
  quick: '快速预测',
  predict: (value) => `预测 ${value}`,
  targetRefused: (got) => `目标值必须是 0 到 255 之间的整数，${got ? `收到的是「${got}」` : '但没有输入任何值'}。`,
  predictionRefused: (got) => `预测值必须是 0 到 255 之间的整数，${got ? `收到的是「${got}」` : '但没有输入任何值'}。`,
  confidenceRefused: (min, max, got) => `置信度必须是 ${min} 到 ${max} 之间的数，${got ? `收到的是「${got}」` : '但没有输入任何值'}。`,
  caption: (target, confidence) => `目标值为 ${target}、置信度为 ${confidence} 时的各项损失`,
  columns: {
    prediction: '预测值',
    crossEntropy: '交叉熵',
    logistic: '逻辑斯蒂',
    squared: '平方误差',
  },
  right: (value) => `${value}（正确）`,
  units: '交叉熵和逻辑斯蒂损失的单位是奈特；平方误差按缩放到 [0, 1] 的值计算。',
  chartHeading: '损失随预测值的变化',
  xAxis: '预测值',
  yAxis: '奈特（对数刻度）',
  legend: {
    crossEntropy: '256 类交叉熵',
    logistic: '离散化逻辑斯蒂',
    target: '目标值',
  },
  summary: (target, predicted, confidence, crossEntropy, right, logistic, squared) =>
    `目标值 ${target}，预测值 ${predicted}，置信度 ${confidence}。256 类交叉熵为 ${crossEntropy} 奈特` +
    (right ? '' : '，与预测其他任何错误值时相同') +
    `；离散化逻辑斯蒂损失为 ${logistic} 奈特，平方误差为 ${squared}。`,
};
