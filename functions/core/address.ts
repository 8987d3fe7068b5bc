// Postal addresses for EMS (快递送, issue #9): the province by its GB/T 2260 name, so EMS can route the
// parcel; city and county non-empty and bounded; a mainland mobile number for the courier's call.
import * as z from 'zod';

/** The 34 provincial-level divisions of GB/T 2260, by code, with their official names. */
export const provincialDivisions = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
} as const;

export type ProvinceName = (typeof provincialDivisions)[keyof typeof provincialDivisions];

export const provinceNames = Object.values(provincialDivisions) as [ProvinceName, ...ProvinceName[]];

/** Mainland mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan). */
export const MOBILE = /^1[3-9]\d{9}$/;

export const provinceNameSchema = z.enum(provinceNames, {
  error: 'one of the 34 provincial-level divisions by its GB/T 2260 name, e.g. 江苏省, 北京市, 广西壮族自治区',
});

export const mobileSchema = z.string().regex(MOBILE, 'a mainland mobile number, 11 digits starting 13–19');
